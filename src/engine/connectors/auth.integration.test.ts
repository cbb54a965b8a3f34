// Every connector auth type against a real OAuth 2.0 server (oidc-provider), a protected API, SQLite and the Keyring.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfig } from '../../core/connectors/auth-config.js';
import { STATIC_SECRETS, startAuthHarness, type AuthHarness } from '../../../test/support/auth-harness.js';
import { authInputs, expectNoLeaks } from '../../../test/support/auth-inputs.js';
import { CLIENTS } from '../../../test/support/oidc-clients.js';
import type { SeenRequest } from '../../../test/support/resource-server.js';

let h: AuthHarness;
beforeAll(async () => {
  h = await startAuthHarness();
});
afterAll(async () => {
  await h.close();
});
const { apiKey, cc, password, jwt, exchange, refresh, connect } = authInputs(() => h);

const CASES: {
  name: string;
  id: string;
  input: () => unknown;
  accepted: SeenRequest['accepted'];
  path?: string;
}[] = [
  { name: 'none', id: 'none', input: () => ({ type: 'none' }), accepted: 'public', path: '/public' },
  {
    name: 'api_key in a header',
    id: 'key-header',
    input: () => ({ type: 'api_key', apiKey, headerAuthKey: 'X-Api-Key' }),
    accepted: 'api_key',
  },
  {
    name: 'api_key in a header built from a pattern',
    id: 'key-pattern',
    input: () => ({
      type: 'api_key',
      apiKey,
      headerAuthKey: 'Authorization',
      headerAuthValuePattern: 'Token %s',
    }),
    accepted: 'api_key',
  },
  {
    name: 'api_key in the query',
    id: 'key-query',
    input: () => ({ type: 'api_key', apiKey, paramAuthParamName: 'api_key' }),
    accepted: 'api_key',
  },
  { name: 'bearer', id: 'bearer', input: () => ({ type: 'bearer', apiKey }), accepted: 'api_key' },
  {
    name: 'bearer with prefix Token',
    id: 'bearer-token',
    input: () => ({ type: 'bearer', apiKey, prefix: 'Token' }),
    accepted: 'api_key',
  },
  {
    name: 'basic with a UTF-8 password',
    id: 'basic',
    input: () => ({ type: 'basic', ...STATIC_SECRETS.basic }),
    accepted: 'basic',
  },
  {
    name: 'client credentials, basic_auth_header',
    id: 'cc-basic',
    input: () => cc(CLIENTS.basic, 'basic_auth_header'),
    accepted: 'oauth_token',
  },
  {
    name: 'client credentials, request_body',
    id: 'cc-post',
    input: () => cc(CLIENTS.post, 'request_body'),
    accepted: 'oauth_token',
  },
  {
    name: 'client credentials, blank (Basic accepted)',
    id: 'cc-auto-basic',
    input: () => cc(CLIENTS.basic),
    accepted: 'oauth_token',
  },
  {
    name: 'client credentials, blank (Basic refused, body)',
    id: 'cc-auto-post',
    input: () => cc(CLIENTS.post),
    accepted: 'oauth_token',
  },
  {
    name: 'client credentials, id and secret that need form-urlencoding (RFC 6749 §2.3.1)',
    id: 'cc-special',
    input: () => cc(CLIENTS.special, 'basic_auth_header'),
    accepted: 'oauth_token',
  },
  { name: 'refresh token', id: 'rt', input: () => refresh(), accepted: 'oauth_token' },
  { name: 'password, form fields', id: 'pw-form', input: () => password(), accepted: 'oauth_token' },
  {
    name: 'password, credentials in headers',
    id: 'pw-headers',
    input: () => password({ credentialsInHeaders: true }),
    accepted: 'oauth_token',
  },
  {
    name: 'jwt exchanged (RFC 7523), RS256, client_secret_post',
    id: 'jwt-x-rs',
    input: () => exchange('RS256', CLIENTS.jwt),
    accepted: 'oauth_token',
  },
  {
    name: 'jwt exchanged (RFC 7523), ES256, public client',
    id: 'jwt-x-es',
    input: () => exchange('ES256', CLIENTS.jwtPublic),
    accepted: 'oauth_token',
  },
  { name: 'jwt as bearer, HS256', id: 'jwt-hs', input: () => jwt('HS256'), accepted: 'jwt' },
  {
    name: 'jwt as bearer, RS256 (PEM with literal \\n)',
    id: 'jwt-rs',
    input: () => jwt('RS256'),
    accepted: 'jwt',
  },
  {
    name: 'jwt as bearer, ES256 (PEM with literal \\n)',
    id: 'jwt-es',
    input: () => jwt('ES256'),
    accepted: 'jwt',
  },
];

describe('connector auth, every type', () => {
  it.each(CASES)('$name: authorizes a request the API accepts', async ({ id, input, accepted, path }) => {
    const config = authConfig.parse(await input());
    expect(await h.provider.validate(config)).toEqual([]);
    const { auth } = await connect(`all-${id}`, config);
    const { status } = await h.call(auth, path);
    expect(status).toBe(200);
    expect(h.api.seen.at(-1)?.accepted).toBe(accepted);
  });
});

describe('secrets', () => {
  it('never appear in the logs of these connections', async () => {
    expect((await expectNoLeaks(h, expect)).length).toBeGreaterThan(30);
  });
});
