// The send body rules as pure checks: what counts as an email and as a character.
import { describe, expect, it } from 'vitest';
import { checkSendBody, isEmail } from './send-body.js';
import type { SimReply } from './sim-reply.js';

const code = (result: number | SimReply): unknown =>
  typeof result === 'number' ? result : (JSON.parse(result.body) as { error: { code: string } }).error.code;
const body = (message: string, recipients: unknown[] = ['a@example.com']): string =>
  JSON.stringify({ message, recipients });

describe('isEmail', () => {
  it.each(['ada@example.com', 'ada.lovelace+it@corp.example.co.uk', "o'brien@example.ie", 'x@a-b.example'])(
    'accepts %s',
    (address) => expect(isEmail(address)).toBe(true),
  );

  it.each([
    '',
    'ada',
    'ada@',
    '@example.com',
    'ada@localhost',
    'ada@@example.com',
    'ada @example.com',
    'ada@example..com',
    'ada@-example.com',
    `${'a'.repeat(250)}@example.com`,
  ])('refuses %j', (address) => expect(isEmail(address)).toBe(false));
});

describe('checkSendBody', () => {
  it('returns the recipient count of a valid body', () => {
    expect(checkSendBody(body('hi', ['a@example.com', 'b@example.com']), true)).toBe(2);
  });

  it('counts a surrogate pair as one character and a lone surrogate as one', () => {
    expect(code(checkSendBody(body('😀'.repeat(19_999) + 'ab'), true))).toBe('INVALID_VALUE_SIZE_TOO_LONG');
    expect(checkSendBody(body('😀'.repeat(19_999) + 'a'), true)).toBe(1);
    expect(checkSendBody(body('\ud83d'.repeat(20_000)), true)).toBe(1);
    expect(code(checkSendBody(body('\ud83d'.repeat(20_001)), true))).toBe('INVALID_VALUE_SIZE_TOO_LONG');
  });

  it('checks the recipient count before the recipients themselves', () => {
    expect(code(checkSendBody(body('hi', Array<unknown>(501).fill(1)), true))).toBe(
      'INVALID_VALUE_SIZE_TOO_LONG',
    );
  });

  it('accepts repeated recipients and null or missing slots, as the doc forbids none of them', () => {
    const repeated = ['a@example.com', 'a@example.com'];
    expect(
      checkSendBody(JSON.stringify({ message: 'hi', recipients: repeated, context: { slots: null } }), true),
    ).toBe(2);
    expect(checkSendBody(JSON.stringify({ message: 'hi', recipients: repeated, context: {} }), true)).toBe(2);
  });

  it('refuses bodies that are not JSON objects', () => {
    for (const raw of ['', 'null', '[]', '"hi"', '{"message":"hi","recipients":["a@example.com"]']) {
      expect(code(checkSendBody(raw, true))).toBe('BAD_REQUEST');
    }
  });

  it('ignores context on the legacy endpoint, like any unknown field', () => {
    const raw = JSON.stringify({ message: 'hi', recipients: ['a@example.com'], context: 'x', extra: 1 });
    expect(checkSendBody(raw, false)).toBe(1);
    expect(code(checkSendBody(raw, true))).toBe('BAD_REQUEST');
  });
});
