// POST /oauth/v1/token and GET /rest/v1/auth/test against a real simulator, with a manual clock for expiry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { RunningSimulator } from './index.js';
import { startSimulator } from './index.js';
import { bearer, call, errorCode, fetchToken } from './test-support/sim-http.js';

const clock = new ManualClock();
let sim: RunningSimulator;
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
});

beforeAll(async () => {
  sim = await startSimulator({
    clock,
    rateLimit: 0,
    tokenLifetimeSeconds: 60,
    apiKeys: ['static-key-1'],
    clients: [
      { clientId: 'ferry-demo', clientSecret: 'ferry-demo-secret' },
      { clientId: 'ops', clientSecret: 'p@ss word+1' },
    ],
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.state.reset({ revokeTokens: true }));

describe('POST /oauth/v1/token', () => {
  it('issues a Bearer token for a form-encoded client-credentials request', async () => {
    const body = 'grant_type=client_credentials&client_id=ferry-demo&client_secret=ferry-demo-secret';
    const answer = await call(sim.url, '/oauth/v1/token', { body, headers: form });
    expect(answer.status).toBe(200);
    const grant = answer.json as { access_token: string };
    expect(grant.access_token).toMatch(/^mwt_/);
    expect(grant).toEqual({
      access_token: grant.access_token,
      expires_in: 60,
      token_type: 'Bearer',
    });
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('accepts a JSON body, as the OpenAPI file describes', async () => {
    const body = {
      grant_type: 'client_credentials',
      client_id: 'ferry-demo',
      client_secret: 'ferry-demo-secret',
    };
    const answer = await call(sim.url, '/oauth/v1/token', { body });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
  });

  it('accepts HTTP Basic client authentication, form-encoded per RFC 6749 section 2.3.1', async () => {
    const encoded = basic('ops', encodeURIComponent('p@ss word+1'));
    const answer = await call(sim.url, '/oauth/v1/token', {
      body: 'grant_type=client_credentials',
      headers: { ...form, ...encoded },
    });
    expect(answer.status).toBe(200);
    const raw = basic('ops', 'p@ss word+1');
    const again = await call(sim.url, '/oauth/v1/token', {
      body: 'grant_type=client_credentials',
      headers: { ...form, ...raw },
    });
    expect(again.status).toBe(200);
  });

  it('rejects a wrong secret and an unknown client with 401 UNAUTHENTICATED', async () => {
    for (const [id, secret] of [
      ['ferry-demo', 'wrong'],
      ['nobody', 'ferry-demo-secret'],
    ] as const) {
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: id,
        client_secret: secret,
      });
      const answer = await call(sim.url, '/oauth/v1/token', { body: body.toString(), headers: form });
      expect(errorCode(answer)).toBe('UNAUTHENTICATED');
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(secret);
    }
    const viaBasic = await call(sim.url, '/oauth/v1/token', {
      body: 'grant_type=client_credentials',
      headers: { ...form, ...basic('ops', 'nope') },
    });
    expect(viaBasic.status).toBe(401);
    expect(sim.state.stats().tokensIssued).toBe(0);
  });

  it('rejects a missing or wrong grant_type, missing credentials and an unreadable body with 400', async () => {
    const bodies: [string, Record<string, string>][] = [
      ['client_id=ferry-demo&client_secret=ferry-demo-secret', form],
      ['grant_type=password&client_id=ferry-demo&client_secret=ferry-demo-secret', form],
      ['grant_type=client_credentials&client_id=ferry-demo', form],
      [
        '{"grant_type":"client_credentials","client_id":42,"client_secret":"x"}',
        { 'content-type': 'application/json' },
      ],
      ['{not json', { 'content-type': 'application/json' }],
      ['grant_type=client_credentials', { 'content-type': 'text/plain' }],
    ];
    for (const [body, headers] of bodies) {
      const answer = await call(sim.url, '/oauth/v1/token', { body, headers });
      expect(errorCode(answer)).toBe('BAD_REQUEST');
      expect(answer.status).toBe(400);
    }
  });

  it('rejects Basic and body credentials together (RFC 6749 allows one method)', async () => {
    const body = 'grant_type=client_credentials&client_id=ops&client_secret=p%40ss+word%2B1';
    const answer = await call(sim.url, '/oauth/v1/token', {
      body,
      headers: { ...form, ...basic('ops', 'x') },
    });
    expect(answer.status).toBe(400);
  });
});

describe('GET /rest/v1/auth/test', () => {
  it('answers 200 {"Message"} with a live token and 401 once it expires by the clock', async () => {
    const token = await fetchToken(sim.url);
    const ok = await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.json as object)).toEqual(['Message']);

    clock.advance(59_999);
    expect((await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) })).status).toBe(200);
    clock.advance(1);
    const expired = await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) });
    expect(errorCode(expired)).toBe('UNAUTHENTICATED');
    expect(expired.status).toBe(401);
  });

  it('accepts a configured static API key as a bearer credential', async () => {
    const answer = await call(sim.url, '/rest/v1/auth/test', { headers: bearer('static-key-1') });
    expect(answer.status).toBe(200);
  });

  it('answers 401 without a header, without "Bearer ", with an unknown or revoked token', async () => {
    const token = await fetchToken(sim.url);
    const cases: Record<string, string>[] = [
      {},
      { authorization: token },
      { authorization: `bearer ${token}` },
      { authorization: `Basic ${token}` },
      bearer('mwt_unknown'),
    ];
    for (const headers of cases) {
      const answer = await call(sim.url, '/rest/v1/auth/test', { headers });
      expect(errorCode(answer)).toBe('UNAUTHENTICATED');
      expect(answer.status).toBe(401);
    }
    expect(sim.state.revokeTokens()).toBe(1);
    expect((await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) })).status).toBe(401);
  });
});
