// The body rules of both send endpoints (moveworks.md section 1), checked by hand: no schema library on the hot path.
import type { SimReply } from './sim-reply.js';
import { badRequest, isPlainObject, own, tooLong } from './sim-reply.js';

/** Longest `message`, in characters (Unicode code points, not UTF-16 units). */
export const MAX_MESSAGE_CHARS = 20_000;
/** Most `recipients` one request may name. */
export const MAX_RECIPIENTS = 500;

/**
 * A pragmatic "syntactically valid" address: the WHATWG (HTML `type=email`) grammar, plus a dot in the domain
 * because employee addresses are never bare hosts, and the RFC 5321 length limit.
 */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

export const isEmail = (value: string): boolean => value.length <= 254 && EMAIL.test(value);

function charCount(text: string): number {
  // A string no longer than the limit in UTF-16 units cannot be longer in code points; skip the count.
  if (text.length <= MAX_MESSAGE_CHARS) return text.length;
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A high surrogate followed by a low one is one character written as two units.
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/**
 * Checks a send body; returns the number of recipients when it is valid, else the 400 to answer.
 * `allowContext` is false for the legacy endpoint, which ignores `context` like any unknown field.
 */
export function checkSendBody(raw: string, allowContext: boolean): number | SimReply {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return badRequest('Request body is not valid JSON');
  }
  if (!isPlainObject(body)) return badRequest('Request body must be a JSON object');

  const message = own(body, 'message');
  if (typeof message !== 'string') return badRequest('message must be a string');
  if (message.length === 0) return badRequest('message must not be empty');
  const chars = charCount(message);
  if (chars > MAX_MESSAGE_CHARS) {
    return tooLong(`message has ${chars} characters; at most ${MAX_MESSAGE_CHARS} are allowed`);
  }

  const recipients = own(body, 'recipients');
  if (!Array.isArray(recipients)) return badRequest('recipients must be an array of email addresses');
  if (recipients.length === 0) return badRequest('recipients must name at least one recipient');
  if (recipients.length > MAX_RECIPIENTS) {
    return tooLong(`recipients has ${recipients.length} entries; at most ${MAX_RECIPIENTS} are allowed`);
  }
  for (let i = 0; i < recipients.length; i++) {
    const recipient: unknown = recipients[i];
    if (typeof recipient !== 'string') return badRequest(`recipients[${i}] must be a string`);
    if (!isEmail(recipient)) return badRequest(`recipients[${i}] is not a valid email address`);
  }

  if (allowContext) {
    // JSON null for an optional field means "absent", as protobuf JSON gateways read it.
    const context = own(body, 'context');
    if (context !== undefined && context !== null) {
      if (!isPlainObject(context)) return badRequest('context must be an object');
      const slots = own(context, 'slots');
      if (slots !== undefined && slots !== null && !isPlainObject(slots)) {
        return badRequest('context.slots must be an object');
      }
    }
  }
  return recipients.length;
}
