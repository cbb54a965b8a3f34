// The organisation-wide sliding-window limit and rate-limit storms, driven by a manual clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { RunningSimulator } from './index.js';
import { startSimulator } from './index.js';
import type { Answer } from './test-support/sim-http.js';
import { bearer, call, errorCode, eventPath, fetchToken, sendBody } from './test-support/sim-http.js';

const clock = new ManualClock();
let sim: RunningSimulator;
const clients = [
  { clientId: 'a', clientSecret: 'secret-a' },
  { clientId: 'b', clientSecret: 'secret-b' },
];
const authTest = (token: string): Promise<Answer> =>
  call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) });

beforeAll(async () => {
  sim = await startSimulator({ clock, clients, rateLimit: 5 });
});
afterAll(() => sim.close());
beforeEach(() => sim.state.reset({ revokeTokens: true }));

describe('organisation rate limit', () => {
  it('shares one window across credentials and endpoints, token requests included', async () => {
    const tokenA = await fetchToken(sim.url, 'a', 'secret-a');
    const tokenB = await fetchToken(sim.url, 'b', 'secret-b');
    expect((await authTest(tokenA)).status).toBe(200);
    expect((await call(sim.url, eventPath(), { body: sendBody(), headers: bearer(tokenB) })).status).toBe(
      200,
    );
    expect((await authTest(tokenB)).status).toBe(200);

    const limited = await authTest(tokenA);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    const token = await call(sim.url, '/oauth/v1/token', {
      body: 'grant_type=client_credentials&client_id=a&client_secret=secret-a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(token.status).toBe(429);
    expect(sim.state.stats()).toMatchObject({
      requests: 7,
      rateLimited: 2,
      tokensIssued: 2,
      messagesAccepted: 1,
    });
  });

  it('frees slots as the oldest requests leave the sliding window, with Retry-After to match', async () => {
    const token = await fetchToken(sim.url, 'a', 'secret-a');
    for (let i = 0; i < 4; i++) {
      clock.advance(10_000);
      expect((await authTest(token)).status).toBe(200);
    }
    // Five requests at t=0,10,20,30,40 s; the one at t=0 leaves the window at t=60 s.
    clock.advance(5_000);
    expect((await authTest(token)).headers['retry-after']).toBe('15');
    clock.advance(14_999);
    expect((await authTest(token)).status).toBe(429);
    clock.advance(1);
    expect((await authTest(token)).status).toBe(200);
    expect((await authTest(token)).status).toBe(429);
    clock.advance(10_000);
    expect((await authTest(token)).status).toBe(200);
  });

  it('does not count /_sim inspection requests', async () => {
    for (let i = 0; i < 10; i++) expect((await call(sim.url, '/_sim/stats')).status).toBe(200);
    expect(sim.state.stats().requests).toBe(0);
    expect((await authTest('mwt_x')).status).toBe(401);
  });

  it('reports the busiest window: all requests, and those admitted', async () => {
    for (let i = 0; i < 8; i++) await authTest('mwt_x');
    clock.advance(60_000);
    for (let i = 0; i < 3; i++) await authTest('mwt_x');
    expect(sim.state.stats()).toMatchObject({ requests: 11, maxRequestsInWindow: 8, maxAdmittedInWindow: 5 });
    expect(sim.state.stats(120_000)).toMatchObject({ maxRequestsInWindow: 11, maxAdmittedInWindow: 8 });
    expect(sim.state.requestTimesMs()).toHaveLength(11);
    const overHttp = await call(sim.url, '/_sim/stats?windowMs=120000');
    expect(overHttp.json).toMatchObject({ windowMs: 120_000, maxRequestsInWindow: 11 });
  });

  it('can be changed or turned off at run time', async () => {
    sim.state.setFaults({ rateLimit: 0 });
    for (let i = 0; i < 20; i++) expect((await authTest('mwt_x')).status).toBe(401);
    await call(sim.url, '/_sim/faults', { body: { rateLimit: 2 } });
    expect((await authTest('mwt_x')).status).toBe(429);
    expect(sim.state.faults().rateLimit).toBe(2);
  });

  it('omits Retry-After when configured to, so clients fall back to their own wait', async () => {
    const bare = await startSimulator({ clock, rateLimit: 1, retryAfterHeader: false });
    try {
      await call(bare.url, '/rest/v1/auth/test');
      const limited = await call(bare.url, '/rest/v1/auth/test');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBeUndefined();
    } finally {
      await bare.close();
    }
  });
});

describe('rate-limit storm', () => {
  it('answers 429 to everything for the given period, then recovers', async () => {
    const token = await fetchToken(sim.url, 'a', 'secret-a');
    sim.state.startRateLimitStorm(10_000);
    const limited = await authTest(token);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('10');
    expect(sim.state.faults()).toMatchObject({ rateLimitStorm: true, rateLimitStormRemainingMs: 10_000 });
    clock.advance(10_000);
    expect((await authTest(token)).status).toBe(200);
  });

  it('lasts until stopped when started without a duration, also over HTTP', async () => {
    const token = await fetchToken(sim.url, 'a', 'secret-a');
    expect((await call(sim.url, '/_sim/faults', { body: { rateLimitStorm: true } })).status).toBe(200);
    clock.advance(600_000);
    const limited = await authTest(token);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    await call(sim.url, '/_sim/faults', { body: { rateLimitStorm: false } });
    expect((await authTest(token)).status).toBe(200);
  });
});
