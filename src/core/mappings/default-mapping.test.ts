// The default Message → Moveworks mapping, recipient splitting and chunking, and the retry schedule.
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../delivery/backoff.js';
import { defaultMapping } from './default-mapping.js';
import { messageInput } from '../messages/message.js';
import { chunkRecipients, moveworksPayloadSchema, splitRecipients } from '../delivery/moveworks.js';

const EVENT = '0b9a7e7e-5d3c-4f43-9a55-2f1f0c6f8a11';

describe('defaultMapping', () => {
  it('maps event id, recipients, text with detail, and other custom fields to slots', () => {
    const message = messageInput.parse({
      Id: 'm-1',
      Text: 'Your laptop is ready',
      Detail: 'Pick it up at desk 4',
      CustomFields: [
        { Name: 'Moveworks Event Id', Value: EVENT },
        { Name: 'Moveworks Message Recipients', Value: 'a@x.test; b@x.test,\n A@x.test  c@x.test' },
        { Name: 'Ticket', Value: 'INC-42' },
        { Name: 'Priority', Value: 2 },
      ],
    });
    const payload = defaultMapping({ ...message, CreatedTime: '2026-01-01T00:00:00Z' }, undefined);
    expect(payload).toEqual({
      eventId: EVENT,
      message: 'Your laptop is ready<br>Pick it up at desk 4',
      recipients: ['a@x.test', 'b@x.test', 'c@x.test'],
      context: { slots: { Ticket: 'INC-42', Priority: '2' } },
    });
    expect(moveworksPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it('falls back to the default event id and omits empty context', () => {
    const message = messageInput.parse({
      Id: 'm-2',
      Text: 'hi',
      CustomFields: { 'Moveworks Message Recipients': 'a@x.test' },
    });
    expect(defaultMapping({ ...message, CreatedTime: 'x' }, EVENT)).toEqual({
      eventId: EVENT,
      message: 'hi',
      recipients: ['a@x.test'],
    });
  });

  it('drops a custom field named __proto__ without touching any prototype', () => {
    const message = messageInput.parse(JSON.parse('{"Id":"m-3","CustomFields":{"__proto__":"x"}}'));
    expect(Object.keys(message.CustomFields)).toEqual([]);
    expect(Object.getPrototypeOf(message.CustomFields)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('produces payloads the Moveworks rules refuse when fields are missing', () => {
    const message = messageInput.parse({ Id: 'm-4', Text: 'x'.repeat(20_001) });
    const result = moveworksPayloadSchema.safeParse(
      defaultMapping({ ...message, CreatedTime: 'x' }, 'not-a-uuid'),
    );
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'eventId',
      'message',
      'recipients',
    ]);
  });
});

describe('recipients', () => {
  it('splits on commas, semicolons and white space and drops duplicates ignoring case', () => {
    expect(splitRecipients(' a@x.test,,b@x.test;\tB@X.TEST\n')).toEqual(['a@x.test', 'b@x.test']);
  });

  it('chunks more than 500 recipients into back-to-back lists of at most 500', () => {
    const many = Array.from({ length: 1_201 }, (_, i) => `u${i}@x.test`);
    expect(chunkRecipients(many).map((c) => c.length)).toEqual([500, 500, 201]);
  });
});

describe('retryDelayMs', () => {
  it('follows 0, 20, 60, 120, 200 minutes (10·a·(a+1)) and stops at maxAttempts', () => {
    const policy = { maxAttempts: 6 };
    expect([1, 2, 3, 4, 5].map((r) => retryDelayMs(policy, r)! / 60_000)).toEqual([0, 20, 60, 120, 200]);
    expect(retryDelayMs(policy, 6)).toBeUndefined();
  });

  it('uses an explicit schedule, repeating its last step', () => {
    expect([1, 2, 3].map((r) => retryDelayMs({ maxAttempts: 10, scheduleMinutes: [1, 5] }, r))).toEqual([
      60_000, 300_000, 300_000,
    ]);
  });
});
