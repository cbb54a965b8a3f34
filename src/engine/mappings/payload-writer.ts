// Where mapping rows put their values: the Events API payload's fields, or a webhook listener's JSON body.
import { splitRecipients } from '../../core/delivery/moveworks.js';

/** What the rows of one collection have written so far. */
export interface PayloadDraft {
  eventId: string;
  message: string;
  recipients: string[];
  slots: Record<string, unknown>;
  /** The listener body; undefined until a Body row writes. */
  body: unknown;
}

export const emptyDraft = (): PayloadDraft => ({
  eventId: '',
  message: '',
  recipients: [],
  slots: {},
  body: undefined,
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function write(out: PayloadDraft, destination: string, value: unknown): void {
  if (destination === 'EventId') out.eventId = text(value);
  else if (destination === 'Message') {
    const more = text(value);
    // Several rows writing Message are joined with a line break, as the default mapping joins Text and Detail.
    if (more !== '') out.message = out.message === '' ? more : `${out.message}<br>${more}`;
  } else if (destination === 'Recipients')
    out.recipients = splitRecipients(Array.isArray(value) ? value.map(text).join(',') : text(value));
  else if (destination === 'Context.Slots') {
    if (typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value as object)) define(out.slots, k, v);
  } else if (destination.startsWith('Context.Slots.')) define(out.slots, destination.slice(14), value);
  else if (destination === 'Body') writeBody(out, value);
  else if (destination.startsWith('Body.')) writeBodyPath(out, destination.slice(5).split('.'), value);
}

/** `Body`: an object is merged into what other rows wrote; anything else (an array, a string) is the body. */
function writeBody(out: PayloadDraft, value: unknown): void {
  if (isObject(value) && isObject(out.body))
    for (const [k, v] of Object.entries(value)) define(out.body, k, v);
  else out.body = isObject(value) ? Object.assign(Object.create(null) as object, value) : value;
}

/** `Body.a.b`: the value at that path, making objects on the way (a non-object in the way is replaced). */
function writeBodyPath(out: PayloadDraft, path: readonly string[], value: unknown): void {
  if (!isObject(out.body)) out.body = Object.create(null) as Record<string, unknown>;
  let node = out.body as Record<string, unknown>;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) return define(node, key, value);
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (isObject(next)) node = next;
    else {
      const made = Object.create(null) as Record<string, unknown>;
      define(node, key, made);
      node = made;
    }
  }
}

/** Own data properties only: a slot or body field named `__proto__` stays data. */
function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** A value as the text Moveworks gets: strings as they are, objects as JSON. */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return typeof v === 'object' ? JSON.stringify(v) : '';
}
