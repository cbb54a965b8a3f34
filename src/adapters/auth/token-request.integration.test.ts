// The token requester against a real HTTP token endpoint: what it keeps of the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import { createOutboundFetch, type ClosableOutboundFetch } from '../http/outbound.js';
import { startEchoServer, type EchoServer } from '../../../test/support/echo-server.js';
import { basicAuthHeader } from './client-auth.js';
import { createTokenRequester } from './token-request.js';

let server: EchoServer;
let fetch: ClosableOutboundFetch;
beforeAll(async () => {
  server = await startEchoServer();
  fetch = createOutboundFetch();
});
afterAll(async () => {
  await fetch.close();
  await server.close();
});

describe('createTokenRequester', () => {
  it('ignores an ID token from another issuer: connectors use only access and refresh tokens', async () => {
    server.respond = (_req, res) => {
      const body = {
        access_token: 'at-from-provider-1',
        token_type: 'Bearer',
        expires_in: 60,
        refresh_token: 'rt-from-provider-1',
        id_token: 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2Vsc2V3aGVyZSJ9.',
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      return true;
    };
    const request = createTokenRequester(fetch, new SecretScrubber());
    const token = await request({
      connector: 'crm',
      tokenUrl: new URL(`${server.url}/token`),
      grantType: 'authorization_code',
      params: { code: 'c0de-value', redirect_uri: 'https://ferry.example/auth/oauthCallback' },
      clientAuth: basicAuthHeader('app', 'app-secret'),
      invalidGrantHint: 'connect again',
    });
    expect(token).toMatchObject({
      accessToken: 'at-from-provider-1',
      refreshToken: 'rt-from-provider-1',
      expiresInSeconds: 60,
    });
  });
});
