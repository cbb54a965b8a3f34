// POST /webhooks/v1/listeners/{listener_id}/notify against a real simulator, limits driven by a manual clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { RunningSimulator } from './index.js';
import { DEMO_LISTENER_ID, startSimulator } from './index.js';
import type { Answer } from './test-support/sim-http.js';
import { call, errorCode } from './test-support/sim-http.js';

const clock = new ManualClock();
let sim: RunningSimulator;
const KEY = 'listener-api-key';
const notify = (
  listenerId: string,
  body: unknown = { ticket: 'INC-1' },
  headers: Record<string, string> = { authorization: `Bearer ${KEY}` },
): Promise<Answer> => call(sim.url, `/webhooks/v1/listeners/${listenerId}/notify`, { body, headers });

beforeAll(async () => {
  sim = await startSimulator({
    clock,
    rateLimit: 0,
    apiKeys: [KEY],
    listeners: { secured: true, open: false },
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.state.reset());

describe('POST /webhooks/v1/listeners/{listener_id}/notify', () => {
  it('answers 200 {message, status} for a known listener and records any JSON body', async () => {
    const answer = await notify('secured', { nested: { list: [1, 'two'] } });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json as object).sort()).toEqual(['message', 'status']);
    expect((await notify('secured', [1, 2])).status).toBe(200);
    expect((await notify('secured', '"just a string"')).status).toBe(200);
    expect(sim.state.notifications().map((n) => n.body)).toEqual([
      { nested: { list: [1, 'two'] } },
      [1, 2],
      'just a string',
    ]);
    expect(sim.state.notifications()[0]).toMatchObject({
      index: 0,
      listenerId: 'secured',
      receivedAtMs: clock.now(),
    });
  });

  it('answers 404 with an empty body for an unknown listener, prototype names included', async () => {
    for (const id of ['unknown', 'constructor', '__proto__', 'toString']) {
      const answer = await notify(id);
      expect(answer.status).toBe(404);
      expect(answer.text).toBe('');
    }
  });

  it('answers a secured listener 401 UNAUTHENTICATED without a valid bearer, an unsecured one takes anyone', async () => {
    const missing = await notify('secured', {}, {});
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Missing Authorization header' },
    });
    expect(errorCode(await notify('secured', {}, { authorization: 'Bearer wrong' }))).toBe('UNAUTHENTICATED');
    expect((await notify('open', {}, {})).status).toBe(200);
    const token = (await call(sim.url, '/oauth/v1/token', {
      body: 'grant_type=client_credentials&client_id=ferry-demo&client_secret=ferry-demo-secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }).then((a) => a.json)) as { access_token: string };
    expect((await notify('secured', {}, { authorization: `Bearer ${token.access_token}` })).status).toBe(200);
    expect(sim.state.notifications().map((n) => n.listenerId)).toEqual(['open', 'secured']);
  });

  it('answers 400 BAD_REQUEST to a body that is not JSON', async () => {
    expect(errorCode(await notify('secured', '{oops'))).toBe('BAD_REQUEST');
  });

  it('lets a secured listener take 5 requests per second', async () => {
    for (let i = 0; i < 5; i++) expect((await notify('secured')).status).toBe(200);
    const limited = await notify('secured');
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    clock.advance(1_000);
    expect((await notify('secured')).status).toBe(200);
    expect(sim.state.stats()).toMatchObject({ notificationsAccepted: 6, listenerRateLimited: 1 });
  });

  it('lets an unsecured listener take 1 request per 10 seconds, independently of other listeners', async () => {
    expect((await notify('open')).status).toBe(200);
    clock.advance(9_999);
    const limited = await notify('open');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('1');
    expect((await notify('secured')).status).toBe(200);
    clock.advance(1);
    expect((await notify('open')).status).toBe(200);
  });

  it('is not held to the Events API organisation limit, which would undercut 5 per second', async () => {
    const small = await startSimulator({ clock, rateLimit: 2, apiKeys: [KEY] });
    try {
      const path = `/webhooks/v1/listeners/${DEMO_LISTENER_ID}/notify`;
      const headers = { authorization: `Bearer ${KEY}` };
      for (let i = 0; i < 3; i++)
        expect((await call(small.url, path, { body: {}, headers })).status).toBe(200);
      expect((await call(small.url, '/rest/v1/auth/test')).status).toBe(401);
      expect((await call(small.url, '/rest/v1/auth/test')).status).toBe(401);
      expect(errorCode(await call(small.url, '/rest/v1/auth/test'))).toBe('RATE_LIMITED');
      expect(small.state.stats()).toMatchObject({ rateLimited: 1, listenerRateLimited: 0 });
    } finally {
      await small.close();
    }
  });
});
