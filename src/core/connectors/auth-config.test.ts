// Auth config rules that are not schema shape: which edits keep the per-user tokens.
import { describe, expect, it } from 'vitest';
import { authConfig, keepsTokens, redactAuth } from './auth-config.js';

const code = (extra: object = {}) =>
  authConfig.parse({
    type: 'oauth2_authorization_code',
    clientId: 'app',
    clientSecret: 'app-secret-1',
    oauth2TokenUrl: 'https://idp.example/token',
    authorizationUrl: 'https://idp.example/authorize',
    scope: 'offline_access read',
    ...extra,
  });

describe('keepsTokens', () => {
  it('keeps users’ tokens when only texts, the secret or revocation settings change', () => {
    const after = code({
      displayName: 'CRM',
      clientSecret: 'rotated-2',
      revokeUrl: 'https://idp.example/revoke',
    });
    expect(keepsTokens(code(), after)).toBe(true);
  });

  it('drops them when the client, a URL or the scope changes, or for other auth types', () => {
    expect(keepsTokens(code(), code({ clientId: 'other' }))).toBe(false);
    expect(keepsTokens(code(), code({ scope: 'read' }))).toBe(false);
    expect(keepsTokens(code(), code({ authorizationUrl: 'https://idp2.example/authorize' }))).toBe(false);
    const basic = authConfig.parse({ type: 'basic', username: 'u', password: 'p' });
    expect(keepsTokens(basic, basic)).toBe(false);
  });
});

describe('redactAuth', () => {
  it('shows the client secret of an authorization-code connector as {set: true}', () => {
    expect(redactAuth(code())).toMatchObject({ clientSecret: { set: true }, clientId: 'app' });
  });
});
