// The /_sim inspection endpoints and start-up options, against a real simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { ConfigError } from '../core/errors.js';
import type { RunningSimulator } from './index.js';
import { DEMO_CLIENT_ID, startSimulator } from './index.js';
import { bearer, call, errorCode, eventPath, fetchToken, sendBody } from './test-support/sim-http.js';

const clock = new ManualClock();
let sim: RunningSimulator;
let token: string;
const sendNumbered = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i++) {
    clock.advance(1);
    await call(sim.url, eventPath(), { body: sendBody({ message: `m${i}` }), headers: bearer(token) });
  }
};

beforeAll(async () => {
  sim = await startSimulator({ clock, rateLimit: 0, maxStoredMessages: 5 });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.state.reset({ revokeTokens: true });
  token = await fetchToken(sim.url);
});

describe('GET /_sim/messages', () => {
  it('lists accepted messages in arrival order and pages with since and limit', async () => {
    await sendNumbered(3);
    await call(sim.url, eventPath(), { body: sendBody({ recipients: [] }), headers: bearer(token) });
    const all = await call(sim.url, '/_sim/messages');
    expect(all.json).toMatchObject({ next: 3, total: 3, firstKept: 0 });
    const page = (await call(sim.url, '/_sim/messages?since=1&limit=1')).json as Record<string, unknown>;
    expect(page).toMatchObject({ next: 2, total: 3 });
    expect(page.messages).toEqual([
      expect.objectContaining({
        index: 1,
        message: 'm1',
        clientId: DEMO_CLIENT_ID,
        recipients: ['ada@example.com'],
      }),
    ]);
    expect((await call(sim.url, '/_sim/messages?since=3')).json).toMatchObject({ messages: [], next: 3 });
  });

  it('drops the oldest beyond maxStoredMessages but keeps absolute indices', async () => {
    await sendNumbered(8);
    const answer = (await call(sim.url, '/_sim/messages')).json as { messages: { index: number }[] };
    expect(answer).toMatchObject({ total: 8, firstKept: 3, next: 8 });
    expect(answer.messages.map((m) => m.index)).toEqual([3, 4, 5, 6, 7]);
    expect(sim.state.messages(6).map((m) => m.message)).toEqual(['m6', 'm7']);
    expect(sim.state.stats().messagesAccepted).toBe(8);
  });

  it('rejects bad paging parameters with 400', async () => {
    for (const query of ['since=-1', 'since=x', 'limit=0', 'limit=10001']) {
      expect(errorCode(await call(sim.url, `/_sim/messages?${query}`))).toBe('BAD_REQUEST');
    }
  });
});

describe('GET /_sim/stats', () => {
  it('counts answers by status, endpoint, tokens and recipients', async () => {
    await sendNumbered(2);
    await call(sim.url, '/rest/v1/auth/test');
    await call(sim.url, '/nowhere');
    expect((await call(sim.url, '/_sim/stats')).json).toMatchObject({
      requests: 5,
      byStatus: { '200': 3, '401': 1, '404': 1 },
      byEndpoint: { token: 1, eventSend: 2, authTest: 1, other: 1, legacySend: 0, webhookNotify: 0 },
      tokenRequests: 1,
      tokensIssued: 1,
      messagesAccepted: 2,
      recipientsAccepted: 2,
      windowMs: 60_000,
    });
  });
});

describe('POST /_sim/reset and /_sim/revoke-tokens', () => {
  it('forgets messages and counters but keeps tokens unless asked', async () => {
    await sendNumbered(2);
    expect((await call(sim.url, '/_sim/reset', { method: 'POST' })).status).toBe(200);
    expect(sim.state.stats()).toMatchObject({ requests: 0, messagesAccepted: 0 });
    expect(sim.state.messages()).toEqual([]);
    expect((await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) })).status).toBe(200);
    await call(sim.url, '/_sim/reset', { body: { revokeTokens: true } });
    expect((await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) })).status).toBe(401);
  });

  it('revokes every token on demand', async () => {
    const answer = await call(sim.url, '/_sim/revoke-tokens', { method: 'POST' });
    expect(answer.json).toEqual({ revoked: 1 });
    expect((await call(sim.url, '/rest/v1/auth/test', { headers: bearer(token) })).status).toBe(401);
  });

  it('answers 405 to wrong methods and 404 to unknown /_sim paths', async () => {
    expect((await call(sim.url, '/_sim/reset')).status).toBe(405);
    expect((await call(sim.url, '/_sim/stats', { method: 'POST' })).status).toBe(405);
    expect(errorCode(await call(sim.url, '/_sim/nothing'))).toBe('NOT_FOUND');
    expect(errorCode(await call(sim.url, '/_sim/reset', { body: { revokeTokens: 'yes' } }))).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('startSimulator options', () => {
  it('rejects invalid options with ERR_CONFIG_INVALID listing every problem', async () => {
    const bad = { port: -1, events: ['nope'], errorRate: 0.7, hangRate: 0.7, surprise: true };
    const error = (await startSimulator(bad as never).catch((e: unknown) => e)) as ConfigError;
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.issues.map((issue) => `${issue.path}:${issue.code}`)).toEqual([
      'port:too_small',
      'events.0:invalid_format',
      '(root):unrecognized_keys',
      'errorRate:custom',
    ]);
  });

  it('speaks the OpenAPI file shapes when asked: wrapped token response, flat errors', async () => {
    const openapi = await startSimulator({ responseStyle: 'openapi', rateLimit: 0 });
    try {
      const body = 'grant_type=client_credentials&client_id=ferry-demo&client_secret=ferry-demo-secret';
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      const grant = await call(openapi.url, '/oauth/v1/token', { body, headers });
      expect(grant.json).toMatchObject({ data: { token_type: 'Bearer', expires_in: 3600 } });
      const refused = await call(openapi.url, '/rest/v1/auth/test');
      expect(Object.keys(refused.json as object)).toEqual(['code', 'message']);
      expect(refused.json).toMatchObject({ code: 'UNAUTHENTICATED' });
    } finally {
      await openapi.close();
    }
  });

  it('answers 413 to a body over maxBodyBytes', async () => {
    const big = await call(sim.url, eventPath(), { body: 'x'.repeat(1_048_577), headers: bearer(token) });
    expect(errorCode(big)).toBe('PAYLOAD_TOO_LARGE');
    expect(big.status).toBe(413);
  });
});
