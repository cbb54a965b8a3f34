// What a refused client is told to check, for each way it authenticated at the token endpoint.
import { describe, expect, it } from 'vitest';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import { tokenRequestError } from './token-errors.js';

const refused = (clientAuth: string) =>
  tokenRequestError(new Error('401'), {
    connector: 'crm',
    url: new URL('https://idp.example.test/token'),
    status: 401,
    step: 'POST https://idp.example.test/token grant_type=client_credentials',
    clientAuth,
    invalidGrantHint: '',
    scrubber: new SecretScrubber(),
  });

describe('tokenRequestError on a refused client', () => {
  it.each([
    ['client_secret_basic', /check the Client ID and Client Secret of connector "crm"/],
    [
      'private_key_jwt',
      /check the Client ID of connector "crm", that the server's client has Ferry's \/\.well-known\/jwks\.json as its jwks_uri/,
    ],
    [
      'tls_client_auth',
      /check the Client ID of connector "crm" and the client certificate the server has registered/,
    ],
    ['self_signed_tls_client_auth', /the client certificate the server has registered/],
  ])('names what to check for %s', (clientAuth, hint) => {
    const e = refused(clientAuth);
    expect(e.code).toBe('ERR_OAUTH_INVALID_CLIENT');
    expect(e.message).toMatch(hint);
  });
});
