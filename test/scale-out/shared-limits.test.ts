// Two `ferry worker` processes share one subscription's limits through Redis: one throttle, one token request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxInWindow } from '../../src/sim/index.js';
import {
  bulkSend,
  expectOnceOrUnconfirmed,
  sentId,
  settledCounts,
  subscribeTo,
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

describe('two workers on one subscription', () => {
  it('keep every 2 s window at the limit of 20, token requests included', async () => {
    const n = 100;
    rig.sim.state.reset({ revokeTokens: true });
    const id = await subscribeTo(rig.api, rig.token, rig.sim.url, 'Shared throttle', {
      throttleLimit: 20,
      throttleSeconds: 2,
      concurrentConnections: 10,
    });
    await bulkSend(rig.api, rig.token, 'st', n);
    expect(await settledCounts(rig.api, rig.token, id, 120_000)).toEqual({ delivered: n });
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
    rig.sim.state.reset({ revokeTokens: true });
    const id = await subscribeTo(rig.api, rig.token, rig.sim.url, 'Cold token', {
      throttleLimit: 1_000_000,
      throttleSeconds: 1,
      concurrentConnections: 20,
    });
    await bulkSend(rig.api, rig.token, 'ct', n);
    expect(await settledCounts(rig.api, rig.token, id, 180_000)).toEqual({ delivered: n });
    const received = rig.sim.state.messages().map((m) => sentId('ct', m.message));
    expect(await expectOnceOrUnconfirmed(rig.api, rig.token, received, n, id)).toEqual({
      delivered: n,
      unconfirmed: 0,
    });
    expect(rig.sim.state.stats().tokenRequests).toBe(1);
  }, 240_000);
});
