// The token requester against a real HTTP token endpoint: what it keeps of the answer.
import { describe, expect, it } from 'vitest';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import { useEchoServer } from '../../../test/support/echo-fixture.js';
import { basicAuthHeader } from './client-auth.js';
import { createTokenRequester } from './token-request.js';

const echo = useEchoServer();

describe('createTokenRequester', () => {
  it('ignores an ID token from another issuer: connectors use only access and refresh tokens', async () => {
    echo.server.respond = (_req, res) => {
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
    const request = createTokenRequester(echo.fetch, new SecretScrubber());
    const token = await request({
      connector: 'crm',
      tokenUrl: new URL(`${echo.server.url}/token`),
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
