// The OAuth 2.0 grants and JWT auth in detail, against a real oidc-provider: what is sent, how refusals map to codes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfig, type AuthConfig } from '../../core/connectors/auth-config.js';
import type { CredentialStore } from '../../core/ports/storage.js';
import { isSealed } from '../../core/ports/sealer.js';
import { API_AUDIENCE, startAuthHarness, type AuthHarness } from '../../../test/support/auth-harness.js';
import { authInputs, expectNoLeaks } from '../../../test/support/auth-inputs.js';
import { ASSERTION_ISSUER, CLIENTS } from '../../../test/support/oidc-clients.js';
import { errorText } from '../../../test/support/secret-leaks.js';

let h: AuthHarness;
beforeAll(async () => {
  h = await startAuthHarness();
});
afterAll(async () => {
  await h.close();
});
const { cc, password, jwt, refresh, connect } = authInputs(() => h);

describe('oauth2_client_credentials', () => {
  it('reports what check() sent, secrets masked', async () => {
    const { auth } = await connect(
      'cc-check',
      cc(CLIENTS.basic, 'basic_auth_header', { clientCredentialsGrantScope: 'api:read' }),
    );
    const check = await auth.check();
    expect(check.steps).toHaveLength(1);
    expect(check.steps[0]).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/token grant_type=client_credentials scope=api:read client_auth=client_secret_basic → 200, expires in 3600 s$/,
    );
    expect(check.expiresInSeconds).toBe(3600);
  });

  it('with blank client authentication falls back to the body once and remembers it', async () => {
    const from = h.oidc.requests.length;
    const { auth } = await connect('cc-remember', cc(CLIENTS.post));
    expect((await h.call(auth)).status).toBe(200);
    const check = await auth.check();
    const sent = h.oidc.requests.slice(from).map((r) => `${r.clientAuth} ${r.status}`);
    expect(sent).toEqual(['basic 401', 'body 200', 'body 200']);
    expect(check.steps).toHaveLength(1);
    expect(check.steps[0]).toContain('client_auth=client_secret_post → 200');
  });

  it('sends scope, Additional Request Data and Additional Headers', async () => {
    const from = h.oidc.requests.length;
    const extra = {
      clientCredentialsGrantScope: 'api:read',
      additionalRequestData: { audience: 'urn:ferry-test:api' },
      additionalHeaders: { 'X-Tenant': 'acme' },
    };
    const { auth } = await connect('cc-extra', cc(CLIENTS.basic, 'basic_auth_header', extra));
    expect((await h.call(auth)).status).toBe(200);
    const [sent] = h.oidc.requests.slice(from);
    expect(sent?.fields).toEqual(expect.arrayContaining(['grant_type', 'scope', 'audience']));
    expect(sent?.headers).toContain('x-tenant');
  });

  it('sends Custom Grant Type as grant_type; a refusal is ERR_OAUTH_REQUEST_REJECTED with code and status', async () => {
    const { auth } = await connect(
      'cc-custom',
      cc(CLIENTS.basic, 'basic_auth_header', { customGrantType: 'urn:example:unknown' }),
    );
    const error = await h.failure(auth.authorize({ method: 'GET', url: new URL(h.api.url), headers: {} }));
    expect(error.code).toBe('ERR_OAUTH_REQUEST_REJECTED');
    expect(error.message).toContain('unsupported_grant_type, HTTP 400');
    expect(h.oidc.requests.at(-1)?.grantType).toBe('urn:example:unknown');
  });

  it('maps a wrong secret to ERR_OAUTH_INVALID_CLIENT naming the connector', async () => {
    const wrong = { ...CLIENTS.basic, secret: 'wrong-secret-0f3c9e2a77' };
    const { auth } = await connect('cc-wrong', cc(wrong, 'basic_auth_header'));
    const error = await h.failure(auth.check());
    expect(error.code).toBe('ERR_OAUTH_INVALID_CLIENT');
    expect(error.message).toContain('check the Client ID and Client Secret of connector "cc-wrong"');
    expect(errorText(error)).not.toContain(wrong.secret);
  });

  it('with blank client authentication tries Basic, then the body, then reports invalid_client', async () => {
    const from = h.oidc.requests.length;
    const { auth } = await connect(
      'cc-wrong-auto',
      cc({ ...CLIENTS.post, secret: 'wrong-secret-9a1b2c3d4e' }),
    );
    const error = await h.failure(auth.check());
    expect(error.code).toBe('ERR_OAUTH_INVALID_CLIENT');
    expect(error.message).toContain('tried client_secret_basic, then client_secret_post');
    expect(h.oidc.requests.slice(from).map((r) => r.clientAuth)).toEqual(['basic', 'body']);
  });

  it('maps a closed port to ERR_OAUTH_TOKEN_URL_UNREACHABLE naming the host', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { auth } = await connect('cc-closed', {
      ...(cc(CLIENTS.basic) as object),
      oauth2TokenUrl: `http://127.0.0.1:${port}/token`,
    });
    const error = await h.failure(auth.check());
    expect(error.code).toBe('ERR_OAUTH_TOKEN_URL_UNREACHABLE');
    expect(error.message).toContain(`token URL host 127.0.0.1:${port} (connection refused)`);
  });

  it('maps a 200 without access_token to ERR_OAUTH_TOKEN_RESPONSE_INVALID', async () => {
    const { auth } = await connect('cc-not-token', {
      ...(cc(CLIENTS.basic) as object),
      oauth2TokenUrl: `${h.api.url}/public`,
    });
    const error = await h.failure(auth.check());
    expect(error.code).toBe('ERR_OAUTH_TOKEN_RESPONSE_INVALID');
    expect(error.message).toContain('access_token');
  });
});

describe('oauth2_refresh_token', () => {
  it('stores the rotated refresh token, sealed, before the new access token is used', async () => {
    const config = authConfig.parse(await refresh());
    const original = (config as Extract<AuthConfig, { type: 'oauth2_refresh_token' }>).refreshToken;
    const writes: number[] = [];
    const recording: CredentialStore = {
      get: (c, s) => h.storage.credentials.get(c, s),
      delete: (c, s) => h.storage.credentials.delete(c, s),
      compareAndSet: (next, expected) => {
        writes.push(h.api.seen.length);
        return h.storage.credentials.compareAndSet(next, expected);
      },
    };
    const connector = await h.connector('rt-rotate', config);
    const auth = h.newProvider(recording).forConnector(connector);
    expect((await h.call(auth)).status).toBe(200);

    const row = await h.storage.credentials.get('rt-rotate', '');
    const body = JSON.parse(row!.sealedJson) as { accessToken: string; refreshToken: string };
    expect(isSealed(body.refreshToken) && isSealed(body.accessToken)).toBe(true);
    const rotated = h.keyring.unseal(body.refreshToken);
    expect(rotated).not.toBe(original);
    expect(row!.sealedJson).not.toContain(rotated);
    expect(row!.sealedJson).not.toContain(original);
    expect(await h.oidc.provider.RefreshToken.find(rotated)).toBeDefined();
    // The only write happened before the API saw any request carrying the new access token.
    expect(writes).toEqual([h.api.seen.length - 1]);
    expect(h.api.seen.at(-1)?.token).toBe(h.keyring.unseal(body.accessToken));

    // The stored (rotated) token wins over the configured one, which the server now refuses.
    await auth.check();
    const again = await h.storage.credentials.get('rt-rotate', '');
    expect(
      h.keyring.unseal((JSON.parse(again!.sealedJson) as { refreshToken: string }).refreshToken),
    ).not.toBe(rotated);
  });

  it('maps a refused refresh token to ERR_OAUTH_INVALID_GRANT, then ERR_CONNECTOR_NEEDS_REAUTH without a request', async () => {
    const { auth } = await connect('rt-bogus', {
      ...((await refresh()) as object),
      refreshToken: 'not-a-refresh-token-5d8e',
    });
    const from = h.oidc.requests.length;
    const first = await h.failure(auth.check());
    expect(first.code).toBe('ERR_OAUTH_INVALID_GRANT');
    expect(first.message).toContain('update the Refresh Token of connector "rt-bogus"');
    expect((await h.storage.credentials.get('rt-bogus', ''))?.needsReauth).toBe(true);
    const second = await h.failure(h.call(auth));
    expect(second.code).toBe('ERR_CONNECTOR_NEEDS_REAUTH');
    expect(h.oidc.requests.length - from).toBe(1);
  });
});

describe('oauth2_password', () => {
  it('maps a wrong password to ERR_OAUTH_INVALID_GRANT saying what to check', async () => {
    const { auth } = await connect('pw-wrong', password({ password: 'wrong-password-77aa' }));
    const error = await h.failure(auth.check());
    expect(error.code).toBe('ERR_OAUTH_INVALID_GRANT');
    expect(error.message).toContain('check the Username and Password of connector "pw-wrong"');
  });
});

describe('jwt', () => {
  it('signs the configured claims and headers, exp = iat + expirySeconds from the injected clock', async () => {
    const { auth } = await connect('jwt-claims', jwt('ES256', { expirySeconds: 120 }));
    const { req } = await h.call(auth);
    const [header, payload] = (req.headers.Authorization ?? '')
      .slice('Bearer '.length)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'ES256', kid: 'es256-1', typ: 'JWT' });
    const iat = Math.floor(h.clock.now() / 1000);
    expect(payload).toEqual({
      tenant: 'acme',
      iss: ASSERTION_ISSUER,
      aud: API_AUDIENCE,
      sub: 'ferry-bot',
      iat,
      exp: iat + 120,
    });
  });
});

describe('secrets', () => {
  it('never appear in the logs or in any error, its details or causes', async () => {
    expect(h.errors.length).toBeGreaterThanOrEqual(8);
    expect(h.logger.lines.join('\n')).toContain('[REDACTED]');
    expect((await expectNoLeaks(h, expect)).length).toBeGreaterThan(30);
  });
});
