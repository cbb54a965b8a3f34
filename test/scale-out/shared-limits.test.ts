// Two `ferry worker` processes share one subscription's limits through Redis: one throttle, one token request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxInWindow } from '../../src/sim/index.js';
import {
  bulkSend,
  expectOnceOrUnconfirmed,
  sentId,
  settledCounts,
  subscribeTo,
  THROTTLE_OFF,
  unsubscribe,
} from '../support/bulk-run.js';
import { startScaleOutRig, type ScaleOutRig } from '../support/scale-out-rig.js';

let rig: ScaleOutRig;
beforeAll(async () => {
  rig = await startScaleOutRig({
    redisUrl: 'redis://127.0.0.1:6379/12',
    sim: { latencyMs: { minMs: 1, maxMs: 4 } },
  });
  await Promise.all([rig.worker(), rig.worker()]);
}, 120_000);
afterAll(async () => {
  await rig.close();
});

/** With a fresh simulator (tokens revoked), queues `n` Messages on a new subscription; expects all delivered. */
async function deliverAll(
  name: string,
  prefix: string,
  n: number,
  settings: Record<string, unknown>,
  timeoutMs: number,
): Promise<string> {
  rig.sim.state.reset({ revokeTokens: true });
  const id = await subscribeTo(rig.api, rig.token, rig.sim.url, name, settings);
  await bulkSend(rig.api, rig.token, prefix, n);
  expect(await settledCounts(rig.api, rig.token, id, timeoutMs)).toEqual({ delivered: n });
  return id;
}

describe('two workers on one subscription', () => {
  it('keep every 2 s window at the limit of 20, token requests included', async () => {
    const n = 100;
    const throttle = { throttleLimit: 20, throttleSeconds: 2, concurrentConnections: 10 };
    const id = await deliverAll('Shared throttle', 'st', n, throttle, 120_000);
    const stats = rig.sim.state.stats(2_000);
    expect(stats.tokenRequests).toBe(1);
    expect(stats.messagesAccepted).toBe(n);
    // Every request the simulator saw (the token request among them) counts against the window.
    expect(stats.requests).toBe(n + 1);
    expect(maxInWindow(rig.sim.state.requestTimesMs(), 2_000)).toBeLessThanOrEqual(20);
    await unsubscribe(rig.api, rig.token, id);
  }, 180_000);

  it('make exactly one token request for 1,000 cold sends', async () => {
    const n = 1_000;
    const id = await deliverAll(
      'Cold token',
      'ct',
      n,
      { ...THROTTLE_OFF, concurrentConnections: 20 },
      180_000,
    );
    const received = rig.sim.state.messages().map((m) => sentId('ct', m.message));
    expect(await expectOnceOrUnconfirmed(rig.api, rig.token, received, n, id)).toEqual({
      delivered: n,
      unconfirmed: 0,
    });
    expect(rig.sim.state.stats().tokenRequests).toBe(1);
  }, 240_000);
});
