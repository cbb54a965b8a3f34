// RFC 6749 §2.3.1 client authentication: Basic with form-urlencoded id and secret (Appendix B), or body fields.
import type { AuthorizationServer } from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { basicAuthHeader, requestBody } from './client-auth.js';
import type { ClientAuthChoice } from './token-request.js';

async function send(choice: ClientAuthChoice): Promise<{ headers: Headers; body: URLSearchParams }> {
  const headers = new Headers();
  const body = new URLSearchParams();
  const as: AuthorizationServer = { issuer: 'https://server.example.com' };
  await choice.auth(as, { client_id: choice.clientId }, body, headers);
  return { headers, body };
}

describe('basicAuthHeader', () => {
  it('matches the RFC 6749 §2.3.1 example', async () => {
    const { headers, body } = await send(basicAuthHeader('s6BhdRkqt3', 'gX1fBat3bV'));
    expect(headers.get('authorization')).toBe('Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW');
    expect([...body.keys()]).toEqual([]);
  });

  it('form-urlencodes id and secret before base64 (Appendix B: " %&+£€" is "+%25%26%2B%C2%A3%E2%82%AC")', async () => {
    const { headers } = await send(basicAuthHeader('a:b c', ' %&+£€'));
    const expected = Buffer.from('a%3Ab+c:+%25%26%2B%C2%A3%E2%82%AC', 'utf8').toString('base64');
    expect(headers.get('authorization')).toBe(`Basic ${expected}`);
  });
});

describe('requestBody', () => {
  it('sends client_id and client_secret as form fields and no Authorization header', async () => {
    const { headers, body } = await send(requestBody('s6BhdRkqt3', 'gX1fBat3bV'));
    expect(Object.fromEntries(body)).toEqual({ client_id: 's6BhdRkqt3', client_secret: 'gX1fBat3bV' });
    expect(headers.has('authorization')).toBe(false);
  });
});
