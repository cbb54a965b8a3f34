// The default mapping from a Message to a Moveworks payload (moveworks.md §2, the product's decision).
import type { Message } from '../messages/message.js';
import { splitRecipients, type MoveworksPayload } from '../delivery/moveworks.js';

export const EVENT_ID_FIELD = 'Moveworks Event Id';
export const RECIPIENTS_FIELD = 'Moveworks Message Recipients';

/**
 * `EventId` ← custom field "Moveworks Event Id", else the subscription's default event id;
 * `Recipients` ← custom field "Moveworks Message Recipients", split and de-duplicated;
 * `Message` ← Text, then Detail after a line break; every other custom field → `context.slots[name]`.
 * The result is not validated here: see moveworksPayloadSchema.
 */
export function defaultMapping(message: Message, defaultEventId: string | undefined): MoveworksPayload {
  const fields = message.CustomFields;
  const slots: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name !== EVENT_ID_FIELD && name !== RECIPIENTS_FIELD) slots[name] = value;
  }
  const text = message.Detail ? `${message.Text}<br>${message.Detail}` : message.Text;
  return {
    eventId: (fields[EVENT_ID_FIELD] ?? '').trim() || (defaultEventId ?? ''),
    message: text,
    recipients: splitRecipients(fields[RECIPIENTS_FIELD] ?? ''),
    ...(Object.keys(slots).length > 0 ? { context: { slots } } : {}),
  };
}
