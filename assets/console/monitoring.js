// Integration Monitoring's charts: one uPlot per subscription, its points fetched again every refresh interval.
(function () {
  'use strict';
  var SERIES = [
    { label: 'delivered', stroke: '#2e7d32', scale: 'n' },
    { label: 'failed', stroke: '#c62828', scale: 'n' },
    { label: 'unconfirmed', stroke: '#ef6c00', scale: 'n' },
    { label: 'throttled', stroke: '#6a1b9a', scale: 'n' },
    { label: '429 pauses', key: 'paused', stroke: '#ad1457', scale: 'n' },
    { label: 'queued', stroke: '#1565c0', scale: 'q', dash: [6, 4] },
  ];

  function columns(data) {
    return [data.at].concat(
      SERIES.map(function (s) {
        return data[s.key || s.label];
      }),
    );
  }

  function draw(el) {
    var plot;
    var width = function () {
      return Math.max(320, el.clientWidth || 640);
    };
    function refresh() {
      fetch(el.getAttribute('data-src'), {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      })
        .then(function (r) {
          return r.ok ? r.json() : Promise.reject(new Error(String(r.status)));
        })
        .then(function (data) {
          var cols = columns(data);
          el.setAttribute('data-points', String(data.at.length));
          if (plot) return plot.setData(cols);
          plot = new uPlot(
            {
              width: width(),
              height: 220,
              scales: { x: { time: true }, n: { auto: true }, q: { auto: true } },
              axes: [
                {},
                { scale: 'n', label: 'per interval' },
                { scale: 'q', side: 1, label: 'queued', grid: { show: false } },
              ],
              series: [{}].concat(
                SERIES.map(function (s) {
                  return { label: s.label, stroke: s.stroke, scale: s.scale, dash: s.dash, width: 2 };
                }),
              ),
            },
            cols,
            el,
          );
        })
        .catch(function () {
          el.setAttribute('data-error', 'true');
        });
    }
    refresh();
    setInterval(refresh, Number(el.getAttribute('data-refresh-ms')) || 5000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('.chart[data-src]').forEach(draw);
  });
})();
