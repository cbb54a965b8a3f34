// Fault injection against a real simulator: resets, hangs, 500s, latency and seeded repeatability.
import { describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './index.js';
import { bearer, call, errorCode, eventPath, sendBody } from './test-support/sim-http.js';
import { useSimulator } from './test-support/simulator-suite.js';

const s = useSimulator({ rateLimit: 0, seed: 42 });
const socketError = (error: unknown): unknown => (error as { code?: unknown } | undefined)?.code;
/** GET /rest/v1/auth/test with this test's token; a socket error or timeout comes back as the value. */
const authTest = (timeoutMs?: number): Promise<unknown> =>
  call(s.sim.url, '/rest/v1/auth/test', { headers: bearer(s.token), ...(timeoutMs && { timeoutMs }) }).catch(
    (e: unknown) => e,
  );

describe('fault injection', () => {
  it('resets the connection: the client sees a socket error and nothing is recorded', async () => {
    s.sim.state.setFaults({ resetRate: 1 });
    const error = await call(s.sim.url, eventPath(), { body: sendBody(), headers: bearer(s.token) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(socketError(error)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(s.sim.state.stats()).toMatchObject({ resets: 1, messagesAccepted: 0, byStatus: {} });
  });

  it('never answers a hanging request: the client gives up on its own timeout', async () => {
    s.sim.state.setFaults({ hangRate: 1 });
    const error = await authTest(200);
    expect(socketError(error)).toBe('UND_ERR_HEADERS_TIMEOUT');
    expect(s.sim.state.stats()).toMatchObject({ hangs: 1, requests: 2 });
  });

  it('answers 500 INTERNAL for injected errors and records nothing', async () => {
    await call(s.sim.url, '/_sim/faults', { body: { errorRate: 1 } });
    const answer = await call(s.sim.url, eventPath(), { body: sendBody(), headers: bearer(s.token) });
    expect(errorCode(answer)).toBe('INTERNAL');
    expect(answer.status).toBe(500);
    expect(s.sim.state.stats()).toMatchObject({
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
      s.sim.state.reset();
      const first = await statuses(s.sim);
      expect(first).toContain(500);
      expect(first).toContain(401);
      expect(await statuses(twin)).toEqual(first);
      expect(await statuses(other)).not.toEqual(first);
      s.sim.state.reset();
      expect(await statuses(s.sim)).toEqual(first);
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('delays answers by the configured latency', async () => {
    s.sim.state.setFaults({ latencyMs: { minMs: 1, maxMs: 3 } });
    expect((await call(s.sim.url, '/rest/v1/auth/test', { headers: bearer(s.token) })).status).toBe(200);
    s.sim.state.setFaults({ latencyMs: 5_000 });
    const error = await authTest(100);
    expect(socketError(error)).toBe('UND_ERR_HEADERS_TIMEOUT');
  });

  it('never faults /_sim requests', async () => {
    s.sim.state.setFaults({ resetRate: 0.5, hangRate: 0.5 });
    for (let i = 0; i < 10; i++) expect((await call(s.sim.url, '/_sim/faults')).status).toBe(200);
  });

  it('rejects invalid fault settings with 400 and every issue, changing nothing', async () => {
    const answer = await call(s.sim.url, '/_sim/faults', { body: { errorRate: 2, resetRate: 'x', typo: 1 } });
    expect(errorCode(answer)).toBe('BAD_REQUEST');
    expect((answer.json as { error: { issues: unknown[] } }).error.issues).toHaveLength(3);
    const sum = await call(s.sim.url, '/_sim/faults', { body: { errorRate: 0.6, hangRate: 0.6 } });
    expect(sum.status).toBe(400);
    expect(s.sim.state.faults()).toMatchObject({ errorRate: 0, hangRate: 0, resetRate: 0, latencyMs: 0 });
    let thrown: unknown;
    try {
      s.sim.state.setFaults({ latencyMs: { minMs: 5, maxMs: 1 } });
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
