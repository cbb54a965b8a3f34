// Strict log reduction: a run logs method, path template, status and duration, and nothing it was sent or answered.
import { describe, expect, it } from 'vitest';
import { runAction } from './action-runner.js';
import { useEchoServer } from '../../../test/support/echo-fixture.js';
import { countingAuth } from '../../../test/support/counting-auth.js';
import { makeAction, makeConnector, makeDeps } from '../../../test/support/action-fixtures.js';

const echo = useEchoServer();

const action = makeAction({
  method: 'POST',
  endpoint: '/users/{{login}}',
  query: { q: '{{term}}' },
  headers: { 'X-Trace': '{{trace}}' },
  body: { note: '{{note}}' },
});
const markers = {
  login: 'Login-Marker-41',
  term: 'Query-Marker-52',
  trace: 'Header-Marker-63',
  note: 'Body-Marker-74',
};

describe('runAction with strict log reduction', () => {
  it('keeps only method, path template, status and duration', async () => {
    const deps = { ...makeDeps(echo.fetch, countingAuth()), strictLogReduction: true };
    const result = await runAction(deps, action, makeConnector(echo.server.url), { inputs: markers });
    expect(result.status).toBe(200);
    expect(deps.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        method: 'POST',
        pathTemplate: '/users/{{login}}',
        status: 200,
        durationMs: expect.any(Number),
      }),
    );
    const text = deps.logger.text();
    for (const marker of Object.values(markers)) expect(text).not.toContain(marker);
    expect(text).not.toContain(echo.server.url);
  });

  it('logs no error text of a failed run, only its code', async () => {
    const deps = { ...makeDeps(echo.fetch, countingAuth()), strictLogReduction: true };
    const err = await runAction(deps, action, makeConnector('http://127.0.0.1:9'), { inputs: markers }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ERR_OUTBOUND_CONNECT_FAILED' });
    expect(deps.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        code: 'ERR_OUTBOUND_CONNECT_FAILED',
        pathTemplate: '/users/{{login}}',
      }),
    );
    expect(deps.logger.lines.every((l) => !('message' in l))).toBe(true);
  });

  it('logs the rendered path without it, so the difference is real', async () => {
    const deps = makeDeps(echo.fetch, countingAuth());
    await runAction(deps, action, makeConnector(echo.server.url), { inputs: markers });
    expect(deps.logger.text()).toContain('/users/Login-Marker-41');
  });
});
