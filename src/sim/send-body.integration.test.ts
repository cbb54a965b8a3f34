// The send body rules of moveworks.md section 1 over real HTTP: sizes at their limits, types, emails, hostile keys.
import { describe, expect, it } from 'vitest';
import { errorCode, sendBody } from './test-support/sim-http.js';
import { recipients, useSimulator } from './test-support/simulator-suite.js';

const s = useSimulator({ rateLimit: 0 });

describe('send body rules', () => {
  it('accepts 20,000 characters and refuses 20,001 with INVALID_VALUE_SIZE_TOO_LONG', async () => {
    expect((await s.send(sendBody({ message: 'x'.repeat(20_000) }))).status).toBe(200);
    const long = await s.send(sendBody({ message: 'x'.repeat(20_001) }));
    expect(errorCode(long)).toBe('INVALID_VALUE_SIZE_TOO_LONG');
    expect(long.status).toBe(400);
  });

  it('counts characters, not UTF-16 units: 20,000 emoji fit', async () => {
    expect((await s.send(sendBody({ message: '😀'.repeat(20_000) }))).status).toBe(200);
    expect(errorCode(await s.send(sendBody({ message: '😀'.repeat(20_001) })))).toBe(
      'INVALID_VALUE_SIZE_TOO_LONG',
    );
  });

  it('accepts 500 recipients and refuses 501 with INVALID_VALUE_SIZE_TOO_LONG', async () => {
    expect((await s.send(sendBody({ recipients: recipients(500) }))).status).toBe(200);
    const many = await s.send(sendBody({ recipients: recipients(501) }));
    expect(errorCode(many)).toBe('INVALID_VALUE_SIZE_TOO_LONG');
    expect(many.status).toBe(400);
    expect(s.sim.state.stats().recipientsAccepted).toBe(500);
  });

  it('answers 400 BAD_REQUEST to wrong types, empty values, invalid emails and unparsable JSON', async () => {
    const bodies: unknown[] = [
      '{"message": "hi", "recipients": [',
      '',
      [sendBody()],
      'null',
      sendBody({ message: 42 }),
      sendBody({ message: '' }),
      sendBody({ message: undefined }),
      sendBody({ recipients: 'ada@example.com' }),
      sendBody({ recipients: [] }),
      sendBody({ recipients: [42] }),
      sendBody({ recipients: ['not-an-email'] }),
      sendBody({ recipients: ['ada@example.com', 'ada@localhost'] }),
      sendBody({ recipients: [' ada@example.com'] }),
      sendBody({ context: 'ticket' }),
      sendBody({ context: [] }),
      sendBody({ context: { slots: ['a'] } }),
    ];
    for (const body of bodies) {
      const answer = await s.send(body);
      expect(errorCode(answer), JSON.stringify(body)).toBe('BAD_REQUEST');
      expect(answer.status).toBe(400);
    }
    expect(s.sim.state.stats().messagesAccepted).toBe(0);
  });

  it('treats a missing or null context as absent and keeps free-form slots', async () => {
    expect((await s.send(sendBody({ context: undefined }))).status).toBe(200);
    expect((await s.send(sendBody({ context: null }))).status).toBe(200);
    const slots = { n: 3, nested: { a: [1, 2] }, empty: null };
    expect((await s.send(sendBody({ context: { slots } }))).status).toBe(200);
    expect(s.sim.state.messages().map((m) => m.context)).toEqual([null, null, { slots }]);
  });

  it('survives __proto__ and constructor keys without polluting prototypes', async () => {
    const raw =
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
      '"message":"hi","recipients":["ada@example.com"],' +
      '"context":{"__proto__":{"polluted":true},"slots":{"__proto__":{"polluted":true},"toString":"x"}}}';
    expect((await s.send(raw)).status).toBe(200);
    expect(errorCode(await s.send('{"__proto__":{"message":"hi","recipients":["ada@example.com"]}}'))).toBe(
      'BAD_REQUEST',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [message] = s.sim.state.messages();
    expect(Object.hasOwn(message?.context ?? {}, '__proto__')).toBe(true);
  });
});
