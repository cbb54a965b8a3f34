// Integration Monitoring in Chromium against Ferry and the simulator: counts, 429 pauses, throttling, live charts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleRig, type ConsoleRig } from '../support/console-rig.js';

let cr: ConsoleRig;
let sub: string;
beforeAll(async () => {
  cr = await startConsoleRig();
  // Two calls per second at most: the last sends wait for the throttle window.
  sub = await cr.rig.subscribe({ name: 'Moveworks - Monitored', throttleLimit: 4, throttleSeconds: 2 });
});
afterAll(async () => {
  await cr?.close();
});

const cell = (cls: string) =>
  cr.page.locator(`#summary tr[data-subscription="${sub}"] td.${cls}`).innerText();

describe('/console/monitoring', () => {
  it('shows what was delivered, paused and throttled, and refreshes without a reload', async () => {
    await cr.open('/monitoring');
    expect(await cell('delivered')).toBe('0');
    // A short storm (its Retry-After stays at 2 s), re-armed until Ferry has met it at least once: on a slow
    // machine a single timed storm could end before the first send reached the simulator.
    const sim = cr.rig.sim.state;
    const rearm = () => {
      if (sim.stats().rateLimited === 0) sim.startRateLimitStorm(2_000);
    };
    rearm();
    const storm = setInterval(rearm, 500);
    try {
      for (let i = 0; i < 6; i++) await cr.rig.send(`mon-${i}`, 'ada@example.test');
      await expect.poll(() => sim.stats().rateLimited, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    } finally {
      clearInterval(storm);
    }
    await cr.rig.settled(sub, 30_000);
    // The same page, updated by htmx polling the summary.
    await expect.poll(() => cell('delivered'), { timeout: 15_000 }).toBe('6');
    expect(Number(await cell('paused'))).toBeGreaterThanOrEqual(1);
    expect(Number(await cell('throttled'))).toBeGreaterThanOrEqual(1);
    expect(await cell('failed')).toBe('0');
  });

  it('draws a chart per subscription whose points grow while the page is open', async () => {
    const chart = cr.page.locator('.chart[data-src]').first();
    await expect.poll(() => chart.locator('canvas').count(), { timeout: 10_000 }).toBe(1);
    const first = Number(await chart.getAttribute('data-points'));
    await expect
      .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 10_000 })
      .toBeGreaterThan(first);
    const legend = await chart.locator('.u-legend').innerText();
    for (const label of ['delivered', 'failed', 'unconfirmed', 'throttled', '429 pauses', 'queued'])
      expect(legend).toContain(label);
  });

  it('serves the series the chart draws, with the deliveries in it', async () => {
    const cookie = (await cr.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await fetch(cr.url(`/monitoring/series/${sub}`), { headers: { cookie } });
    const series = (await res.json()) as Record<string, number[]>;
    const sum = (k: string) => series[k]!.reduce((a, b) => a + b, 0);
    expect(sum('delivered')).toBe(6);
    expect(sum('paused')).toBeGreaterThanOrEqual(1);
    expect(series.at!.length).toBe(series.queued!.length);
  });
});
