// Actions through an auth method: one retry with a fresh credential on 401, and what their logs keep.
import { describe, expect, it } from 'vitest';
import { runAction } from './action-runner.js';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import { useEchoServer } from '../../../test/support/echo-fixture.js';
import { countingAuth, type CountingAuth } from '../../../test/support/counting-auth.js';
import { makeAction, makeConnector, makeDeps } from '../../../test/support/action-fixtures.js';

const fixture = useEchoServer();

/** The API answers 401 unless the request carries the token `auth` holds now; with `alwaysRefuse`, always. */
function acceptOnly(auth: CountingAuth, alwaysRefuse = false): void {
  fixture.server.respond = (req, res) => {
    if (!alwaysRefuse && req.headers.authorization === `Bearer ${auth.currentToken()}`) return false;
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
    return true;
  };
}

const action = makeAction({ method: 'GET', endpoint: '/me', query: { api_key: '{{key}}' } });
const run = { inputs: { key: 'Qk7-query-secret' } };
/** Runs `action` against the echo server with `deps`. */
const runWith = (deps: ReturnType<typeof makeDeps>) =>
  runAction(deps, action, makeConnector(fixture.server.url), run);

describe('runAction: 401 handling', () => {
  it('drops the credential on 401 and retries once with a fresh one', async () => {
    const auth = countingAuth();
    fixture.server.respond = (req, res) => {
      if (req.headers.authorization !== 'Bearer tok-1-Zq9xSecret') return false;
      res.writeHead(401).end();
      return true;
    };
    const before = fixture.server.requests.length;
    const result = await runWith(makeDeps(fixture.fetch, auth));
    expect(result.status).toBe(200);
    expect(auth.calls).toEqual({ authorize: 2, rejected: 1 });
    expect(fixture.server.requests.slice(before).map((r) => r.headers.authorization)).toEqual([
      'Bearer tok-1-Zq9xSecret',
      'Bearer tok-2-Zq9xSecret',
    ]);
  });

  it('returns a second 401 as the answer and logs it as ERR_UPSTREAM_UNAUTHORIZED', async () => {
    const auth = countingAuth();
    acceptOnly(auth, true);
    const deps = makeDeps(fixture.fetch, auth);
    const before = fixture.server.requests.length;
    const result = await runWith(deps);
    expect(result).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
    expect(auth.calls).toEqual({ authorize: 2, rejected: 1 });
    expect(fixture.server.requests.length - before).toBe(2);
    expect(deps.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', code: 'ERR_UPSTREAM_UNAUTHORIZED', status: 401, attempts: 2 }),
    );
  });

  it('does not retry when the credential cannot be renewed', async () => {
    const auth = countingAuth(false);
    acceptOnly(auth, true);
    const before = fixture.server.requests.length;
    const result = await runWith(makeDeps(fixture.fetch, auth));
    expect(result.status).toBe(401);
    expect(auth.calls).toEqual({ authorize: 1, rejected: 1 });
    expect(fixture.server.requests.length - before).toBe(1);
  });
});

describe('runAction: logs and failures', () => {
  it('logs method, origin and path, status and duration, never header values, query values or bodies', async () => {
    const auth = countingAuth();
    acceptOnly(auth);
    const deps = makeDeps(fixture.fetch, auth);
    await runAction(
      deps,
      { ...action, method: 'POST', body: { secret: 'Body-Secret-77' } },
      makeConnector(fixture.server.url),
      run,
    );
    expect(deps.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        url: `${fixture.server.url}/me`,
        status: 200,
        durationMs: 250,
      }),
    );
    const text = deps.logger.text();
    for (const secret of ['Zq9xSecret', 'Qk7-query-secret', 'Body-Secret-77', 'api_key'])
      expect(text).not.toContain(secret);
  });

  it('scrubs registered secrets even from a logged path', async () => {
    const auth = countingAuth();
    acceptOnly(auth);
    const scrubber = new SecretScrubber();
    scrubber.add('Path-Token-31');
    const deps = makeDeps(fixture.fetch, auth, scrubber);
    const pathAction = makeAction({ method: 'GET', endpoint: '/hooks/{{token}}' });
    await runAction(deps, pathAction, makeConnector(fixture.server.url), {
      inputs: { token: 'Path-Token-31' },
    });
    expect(deps.logger.text()).not.toContain('Path-Token-31');
    expect(deps.logger.text()).toContain('/hooks/[REDACTED]');
  });

  it('uses the action timeout and reports ERR_OUTBOUND_TIMEOUT without the query string', async () => {
    fixture.server.respond = () => true;
    const deps = makeDeps(fixture.fetch, countingAuth());
    const slow = { ...action, timeoutMs: 150 };
    const err: unknown = await runAction(deps, slow, makeConnector(fixture.server.url), run).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_OUTBOUND_TIMEOUT', retryable: true });
    expect((err as Error).message).not.toContain('Qk7-query-secret');
    expect(deps.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', code: 'ERR_OUTBOUND_TIMEOUT' }),
    );
    expect(deps.logger.text()).not.toContain('Qk7-query-secret');
  });
});
