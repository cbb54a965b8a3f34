// Simulator faults (500s, resets, slow answers, a 429 storm): everything ends delivered, the throttle holds.
import { afterAll, expect, it } from 'vitest';
import { maxInWindow } from '../../src/sim/index.js';
import { startDeliveryRig } from '../support/delivery-rig.js';

const rig = await startDeliveryRig({ seed: 11 }, { FERRY_HTTP_TIMEOUT_MS: '2000' });
afterAll(() => rig.close());

it('delivers every message through 20% 500s, resets, slow answers and a 429 storm, within the throttle', async () => {
  const limit = 40;
  const sub = await rig.subscribe({
    throttleLimit: limit,
    throttleSeconds: 1,
    concurrentConnections: 8,
    // Resets may come after Moveworks read the request: only at-least-once resends them.
    atLeastOnce: true,
    retry: { maxAttempts: 50, scheduleMinutes: [0, 0.002] },
  });
  rig.sim.state.reset();
  rig.sim.state.setFaults({ errorRate: 0.2, resetRate: 0.05, latencyMs: { minMs: 0, maxMs: 150 } });
  const sends = Array.from({ length: 150 }, (_, i) => rig.send(`f-${i}`, `u${i}@example.com`));
  await Promise.all(sends.slice(0, 50));
  rig.sim.state.startRateLimitStorm(1_000);
  await Promise.all(sends);
  expect(await rig.settled(sub, 90_000)).toEqual({ delivered: 150 });
  const stats = rig.sim.state.stats(1_000);
  expect(stats.injectedErrors).toBeGreaterThan(0);
  expect(stats.resets).toBeGreaterThan(0);
  expect(stats.rateLimited).toBeGreaterThan(0);
  expect(maxInWindow(rig.sim.state.requestTimesMs(), 1_000)).toBeLessThanOrEqual(limit);
  const received = new Set(rig.sim.state.messages().map((m) => m.message));
  expect(received.size).toBe(150);
}, 120_000);
