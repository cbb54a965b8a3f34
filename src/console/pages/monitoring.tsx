// Integration Monitoring: per subscription, transfers by status now and charts of the last intervals, live.
import { ZERO_TOTALS } from '../../core/ports/delivery-observer.js';
import { CONSOLE_BASE, type ConsoleDeps, type RegisterPage } from '../deps.js';
import { page } from '../layout.js';

const STATUSES = ['delivered', 'failed', 'unconfirmed', 'queued', 'sending', 'dismissed'] as const;

async function Summary(props: { deps: ConsoleDeps }) {
  const { deps } = props;
  const [subs, totals] = await Promise.all([deps.subscriptions.list(), deps.metrics.totals()]);
  const rows = await Promise.all(
    subs.map(async (s) => ({ sub: s, counts: await deps.transfers.countByStatus(s.id) })),
  );
  if (rows.length === 0)
    return (
      <p>
        No subscription yet: <a href={`${CONSOLE_BASE}/subscriptions`}>add one</a>.
      </p>
    );
  return (
    <table class="summary">
      <thead>
        <tr>
          <th>Subscription</th>
          <th>State</th>
          {STATUSES.map((s) => (
            <th>{s}</th>
          ))}
          <th title="calls held by the throttle since Ferry started">throttled</th>
          <th title="429 answers since Ferry started, each a pause">429 pauses</th>
          <th>token requests</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ sub, counts }) => {
          const t = totals.get(sub.id) ?? ZERO_TOTALS;
          return (
            <tr data-subscription={sub.id}>
              <td>{sub.name}</td>
              <td>{sub.enabled ? (sub.health === 'ok' ? 'enabled' : sub.health) : 'disabled'}</td>
              {STATUSES.map((s) => (
                <td class={`n ${s}`}>{counts[s] ?? 0}</td>
              ))}
              <td class="n throttled">{t.throttleWaits}</td>
              <td class="n paused">{t.rateLimited}</td>
              <td class="n">{t.tokenRequests}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export const monitoring: RegisterPage = (app, deps) => {
  app.get('/', (c) => c.redirect(`${CONSOLE_BASE}/monitoring`, 303));

  app.get('/monitoring/summary', (c) => c.html(<Summary deps={deps} />));

  app.get('/monitoring', async (c) => {
    const subs = await deps.subscriptions.list();
    const every = deps.monitoring.intervalMs;
    return page(
      c,
      'Integration Monitoring',
      <>
        <div
          id="summary"
          hx-get={`${CONSOLE_BASE}/monitoring/summary`}
          hx-trigger={`every ${Math.max(1_000, every)}ms`}
        >
          <Summary deps={deps} />
        </div>
        <p class="hint">
          Charts: per {every / 1_000} s interval, since Ferry started; they refresh on their own.
        </p>
        <div class="charts">
          {subs.map((s) => (
            <section class="chart-card">
              <h2>{s.name}</h2>
              <div
                class="chart"
                data-src={`${CONSOLE_BASE}/monitoring/series/${encodeURIComponent(s.id)}`}
                data-refresh-ms={String(Math.max(1_000, every))}
              ></div>
            </section>
          ))}
        </div>
      </>,
      ['uPlot.min.css', 'uPlot.iife.min.js', 'monitoring.js'],
    );
  });
};
