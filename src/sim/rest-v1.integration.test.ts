// The send endpoints against a real simulator: every rule of moveworks.md section 1, code first.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { DEMO_EVENT_ID, startSimulator } from './index.js';
import { bearer, call, errorCode, eventPath, fetchToken, sendBody } from './test-support/sim-http.js';
import { recipients, useSimulator } from './test-support/simulator-suite.js';

const clock = new ManualClock();
const s = useSimulator({ clock, rateLimit: 0 });

describe('POST /rest/v1/events/{event_id}/messages/send', () => {
  it('answers 200 {"data":{"status":"RECEIVED"}} and records the message with its token client', async () => {
    const answer = await s.send(sendBody());
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ data: { status: 'RECEIVED' } });
    expect(s.sim.state.messages()).toEqual([
      {
        index: 0,
        eventId: DEMO_EVENT_ID,
        recipients: ['ada@example.com'],
        message: 'Your laptop is ready for pickup at <b>IT Desk 3</b> :tada:',
        context: { slots: { ticket: 'INC-1042' } },
        clientId: 'ferry-demo',
        receivedAtMs: clock.now(),
      },
    ]);
  });

  it('answers 401 for a missing header, a missing "Bearer ", an unknown or an expired token', async () => {
    const headersList: Record<string, string>[] = [{}, { authorization: s.token }, bearer('mwt_forged')];
    for (const headers of headersList) {
      const answer = await call(s.sim.url, eventPath(), { body: sendBody(), headers });
      expect(errorCode(answer)).toBe('UNAUTHENTICATED');
      expect(answer.status).toBe(401);
    }
    clock.advance(3_600_000);
    const expired = await s.send(sendBody());
    expect(errorCode(expired)).toBe('UNAUTHENTICATED');
    expect(s.sim.state.stats().messagesAccepted).toBe(0);
  });

  it('answers 404 INVALID_EVENT_ID for an unknown UUID and for a non-UUID', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const answer = await s.send(sendBody(), eventPath(id));
      expect(errorCode(answer)).toBe('INVALID_EVENT_ID');
      expect(answer.status).toBe(404);
    }
  });

  it('matches event ids case-insensitively', async () => {
    expect((await s.send(sendBody(), eventPath(DEMO_EVENT_ID.toUpperCase()))).status).toBe(200);
  });
});

describe('POST /rest/v1/messages/send (legacy)', () => {
  it('answers 200 RECEIVED, applies the same rules and records no event and no context', async () => {
    const answer = await s.send(sendBody(), '/rest/v1/messages/send');
    expect(answer.json).toEqual({ data: { status: 'RECEIVED' } });
    expect(errorCode(await s.send(sendBody({ recipients: recipients(501) }), '/rest/v1/messages/send'))).toBe(
      'INVALID_VALUE_SIZE_TOO_LONG',
    );
    expect(errorCode(await call(s.sim.url, '/rest/v1/messages/send', { body: sendBody() }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(s.sim.state.messages()).toMatchObject([
      { eventId: null, context: null, recipients: ['ada@example.com'] },
    ]);
  });

  it('answers 204 with no body when configured like the older docs', async () => {
    const old = await startSimulator({ rateLimit: 0, legacyStatus: 204 });
    try {
      const answer = await call(old.url, '/rest/v1/messages/send', {
        body: sendBody(),
        headers: bearer(await fetchToken(old.url)),
      });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe('');
      expect(old.state.stats().messagesAccepted).toBe(1);
    } finally {
      await old.close();
    }
  });
});

describe('routing', () => {
  it('answers 404 NOT_FOUND to unknown paths and 405 to wrong methods', async () => {
    expect(errorCode(await call(s.sim.url, '/rest/v2/anything'))).toBe('NOT_FOUND');
    const wrong = await call(s.sim.url, eventPath(), { method: 'GET', headers: bearer(s.token) });
    expect(wrong.status).toBe(405);
    const tokenByGet = await call(s.sim.url, '/oauth/v1/token');
    expect(tokenByGet.status).toBe(405);
    expect(tokenByGet.headers.allow).toBe('POST');
  });

  it('accepts any UUID when acceptAnyEvent is on, but still refuses a non-UUID', async () => {
    const any = await startSimulator({ rateLimit: 0, acceptAnyEvent: true });
    try {
      const headers = bearer(await fetchToken(any.url));
      const id = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
      expect((await call(any.url, eventPath(id), { body: sendBody(), headers })).status).toBe(200);
      expect((await call(any.url, eventPath('abc'), { body: sendBody(), headers })).status).toBe(404);
    } finally {
      await any.close();
    }
  });
});
