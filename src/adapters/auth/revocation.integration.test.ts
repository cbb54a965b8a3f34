// RFC 7009 revocation against a real HTTP endpoint: token field name, hint, client authentication, failures.
import { describe, expect, it } from 'vitest';
import { useEchoServer } from '../../../test/support/echo-fixture.js';
import { basicAuthHeader, requestBody } from './client-auth.js';
import { revokeTokens } from './revocation.js';

const echo = useEchoServer();

const forms = (from: number) =>
  echo.server.requests.slice(from).map((r) => Object.fromEntries(new URLSearchParams(r.body)));

describe('revokeTokens', () => {
  it('revokes the refresh token, then the access token, with the configured field name and client auth', async () => {
    echo.server.respond = (_req, res) => (res.writeHead(200).end(), true);
    const before = echo.server.requests.length;
    const outcome = await revokeTokens(
      {
        revokeUrl: new URL(`${echo.server.url}/revoke`),
        tokenKey: 'access_token',
        clientAuth: requestBody('app', 's3cret-app'),
      },
      echo.fetch,
      { refreshToken: 'rt-value-1', accessToken: 'at-value-1' },
    );
    expect(outcome.ok).toBe(true);
    expect(forms(before)).toEqual([
      {
        access_token: 'rt-value-1',
        token_type_hint: 'refresh_token',
        client_id: 'app',
        client_secret: 's3cret-app',
      },
      {
        access_token: 'at-value-1',
        token_type_hint: 'access_token',
        client_id: 'app',
        client_secret: 's3cret-app',
      },
    ]);
    expect(outcome.steps.join('\n')).not.toMatch(/rt-value-1|at-value-1|s3cret-app/);
  });

  it('reports a refusal and an unreachable endpoint as not confirmed, without secrets', async () => {
    echo.server.respond = (_req, res) => (
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"unsupported_token_type"}'),
      true
    );
    const refused = await revokeTokens(
      {
        revokeUrl: new URL(`${echo.server.url}/revoke`),
        tokenKey: 'token',
        clientAuth: basicAuthHeader('app', 's3cret-app'),
      },
      echo.fetch,
      { accessToken: 'at-value-2' },
    );
    expect(refused).toMatchObject({ ok: false });
    expect(refused.steps[0]).toContain('→ 400 unsupported_token_type');
    expect(echo.server.requests.at(-1)?.headers.authorization).toMatch(/^Basic /);
    const down = await revokeTokens(
      {
        revokeUrl: new URL('http://127.0.0.1:9/revoke'),
        tokenKey: 'token',
        clientAuth: basicAuthHeader('app', 'x'),
      },
      echo.fetch,
      { accessToken: 'at-value-3' },
    );
    expect(down.ok).toBe(false);
    expect(down.steps[0]).toMatch(/→ ERR_OUTBOUND_CONNECT_FAILED$/);
    expect(down.steps.join('\n')).not.toContain('at-value-3');
  });
});
