// Fault injection against a real simulator: resets, hangs, 500s, latency and seeded repeatability.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from './index.js';
import { startSimulator } from './index.js';
import { bearer, call, errorCode, eventPath, fetchToken, sendBody } from './test-support/sim-http.js';

let sim: RunningSimulator;
let token: string;
const socketError = (error: unknown): unknown => (error as { code?: unknown } | undefined)?.code;

beforeAll(async () => {
  sim = await startSimulator({ rateLimit: 0, seed: 42 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.reset();
  token = await fetchToken(sim.url);
});

describe('fault injection', () => {
  it('resets the connection: the client sees a socket error and nothing is recorded', async () => {
    sim.state.setFaults({ resetRate: 1 });
    const error = await call(sim.url, eventPath(), { body: sendBody(), headers: bearer(token) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(socketError(error)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(sim.state.stats()).toMatchObject({ resets: 1, messagesAccepted: 0, byStatus: {} });
  });

  it('never answers a hanging request: the client gives up on its own timeout', async () => {
    sim.state.setFaults({ hangRate: 1 });
    const error = await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token), timeoutMs: 200 }).catch(
      (e: unknown) => e,
    );
    expect(socketError(error)).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(sim.state.stats()).toMatchObject({ hangs: 1, requests: 2 });
  });

  it('answers 500 INTERNAL for injected errors and records nothing', async () => {
    await call(sim.url, '/_sim/faults', { body: { errorRate: 1 } });
    const answer = await call(sim.url, eventPath(), { body: sendBody(), headers: bearer(token) });
    expect(errorCode(answer)).toBe('INTERNAL');
    expect(answer.status).toBe(500);
    expect(sim.state.stats()).toMatchObject({
      injectedErrors: 1,
      messagesAccepted: 0,
      byStatus: { '200': 1, '500': 1 },
    });
  });

  it('repeats the same fault sequence for the same seed, and after a reset', async () => {
    const statuses = async (target: RunningSimulator): Promise<number[]> => {
      target.state.setFaults({ errorRate: 0.5 });
      const seen: number[] = [];
      for (let i = 0; i < 24; i++) seen.push((await call(target.url, '/rest/v1/auth/test')).status);
      return seen;
    };
    const twin = await startSimulator({ rateLimit: 0, seed: 42 });
    const other = await startSimulator({ rateLimit: 0, seed: 7 });
    try {
      sim.state.reset();
      const first = await statuses(sim);
      expect(first).toContain(500);
      expect(first).toContain(401);
      expect(await statuses(twin)).toEqual(first);
      expect(await statuses(other)).not.toEqual(first);
      sim.state.reset();
      expect(await statuses(sim)).toEqual(first);
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('delays answers by the configured latency', async () => {
    sim.state.setFaults({ latencyMs: { minMs: 1, maxMs: 3 } });
    expect((await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) })).status).toBe(200);
    sim.state.setFaults({ latencyMs: 5_000 });
    const error = await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token), timeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(socketError(error)).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('never faults /_sim requests', async () => {
    sim.state.setFaults({ resetRate: 0.5, hangRate: 0.5 });
    for (let i = 0; i < 10; i++) expect((await call(sim.url, '/_sim/faults')).status).toBe(200);
  });

  it('rejects invalid fault settings with 400 and every issue, changing nothing', async () => {
    const answer = await call(sim.url, '/_sim/faults', { body: { errorRate: 2, resetRate: 'x', typo: 1 } });
    expect(errorCode(answer)).toBe('BAD_REQUEST');
    expect((answer.json as { error: { issues: unknown[] } }).error.issues).toHaveLength(3);
    const sum = await call(sim.url, '/_sim/faults', { body: { errorRate: 0.6, hangRate: 0.6 } });
    expect(sum.status).toBe(400);
    expect(sim.state.faults()).toMatchObject({ errorRate: 0, hangRate: 0, resetRate: 0, latencyMs: 0 });
    let thrown: unknown;
    try {
      sim.state.setFaults({ latencyMs: { minMs: 5, maxMs: 1 } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'ERR_REQUEST_VALIDATION' });
  });

  it('closes while a request hangs', async () => {
    const hanging = await startSimulator({ rateLimit: 0, hangRate: 1 });
    const pending = call(hanging.url, '/rest/v1/auth/test').catch((e: unknown) => e);
    while (hanging.state.stats().hangs === 0) await new Promise((resolve) => setImmediate(resolve));
    await hanging.close();
    expect(socketError(await pending)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });
});
