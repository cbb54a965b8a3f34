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
  it.each([
    [
      'keeps users’ tokens when only texts, the secret or revocation settings change',
      { displayName: 'CRM', clientSecret: 'rotated-2', revokeUrl: 'https://idp.example/revoke' },
      true,
    ],
    ['drops them when the client changes', { clientId: 'other' }, false],
    ['drops them when the scope changes', { scope: 'read' }, false],
    ['drops them when a URL changes', { authorizationUrl: 'https://idp2.example/authorize' }, false],
  ])('%s', (_, change, kept) => {
    expect(keepsTokens(code(), code(change))).toBe(kept);
  });

  it('drops them for other auth types', () => {
    const basic = authConfig.parse({ type: 'basic', username: 'u', password: 'p' });
    expect(keepsTokens(basic, basic)).toBe(false);
  });
});

describe('redactAuth', () => {
  it('shows the client secret of an authorization-code connector as {set: true}', () => {
    expect(redactAuth(code())).toMatchObject({ clientSecret: { set: true }, clientId: 'app' });
  });
});
