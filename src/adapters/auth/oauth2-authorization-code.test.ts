// RFC 7636 Appendix B for PKCE S256, and the authorization request the connector sends users to.
import { describe, expect, it } from 'vitest';
import { authConfig, type AuthOf } from '../../core/connectors/auth-config.js';
import { systemClock } from '../../core/clock.js';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import { codeChallengeS256, oauth2AuthorizationCode } from './oauth2-authorization-code.js';
import { createTokenRequester } from './token-request.js';

/** RFC 7636 Appendix B: the published code verifier and its S256 code challenge. */
const RFC7636_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC7636_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const unused = () => Promise.reject(new Error('no request expected'));

function method(extra: Partial<AuthOf<'oauth2_authorization_code'>> = {}) {
  const config = authConfig.parse({
    type: 'oauth2_authorization_code',
    clientId: 'ferry-app',
    clientSecret: 'app-secret-1234',
    oauth2TokenUrl: 'https://idp.example/token',
    authorizationUrl: 'https://idp.example/authorize?tenant=acme',
    scope: 'offline_access api:read',
    authorizationRequestQueryParameters: { prompt: 'consent', state: 'overridden' },
    ...extra,
  }) as AuthOf<'oauth2_authorization_code'>;
  const scrubber = new SecretScrubber();
  return oauth2AuthorizationCode('crm', config, {
    request: createTokenRequester(unused, scrubber),
    clock: systemClock,
    scrubber,
    fetch: unused,
  });
}

describe('PKCE S256 (RFC 7636 §4.2)', () => {
  it('derives the Appendix B challenge from the Appendix B verifier', async () => {
    expect(await codeChallengeS256(RFC7636_VERIFIER)).toBe(RFC7636_CHALLENGE);
  });
});

describe('oauth2_authorization_code', () => {
  it('sends users to the authorization URL with S256, state, scope and the extra query parameters', async () => {
    const url = await method().consent!.authorizationUrl({
      state: 'st-123',
      codeVerifier: RFC7636_VERIFIER,
      redirectUri: 'https://ferry.example/auth/oauthCallback',
    });
    expect(url.origin + url.pathname).toBe('https://idp.example/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      tenant: 'acme',
      prompt: 'consent',
      response_type: 'code',
      client_id: 'ferry-app',
      redirect_uri: 'https://ferry.example/auth/oauthCallback',
      scope: 'offline_access api:read',
      state: 'st-123',
      code_challenge: RFC7636_CHALLENGE,
      code_challenge_method: 'S256',
    });
    expect(url.href).not.toContain(RFC7636_VERIFIER);
  });

  it('is a per-user token method that never obtains a token without a stored refresh token', async () => {
    const m = method();
    expect(m.usesRefreshToken).toBe(true);
    expect(m.consent?.displayName).toBeUndefined();
    await expect(m.obtain()).rejects.toMatchObject({ code: 'ERR_OAUTH_INVALID_GRANT' });
  });

  it('reports a revocation as not confirmed when no revoke URL is configured', async () => {
    const outcome = await method({ instructionsUrl: 'https://idp.example/apps' }).consent!.revoke({
      accessToken: 'at-1234',
    });
    expect(outcome).toEqual({ ok: false, steps: ['no Revoke URL is configured'] });
  });

  it('reads back with write-only secrets and the default revocation token key', () => {
    const parsed = authConfig.parse({
      type: 'oauth2_authorization_code',
      clientId: 'a',
      clientSecret: 'b',
      oauth2TokenUrl: 'https://idp.example/token',
      authorizationUrl: 'https://idp.example/authorize',
    });
    expect(parsed).toMatchObject({ revocationTokenKey: 'token' });
  });
});
