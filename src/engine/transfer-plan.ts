// From a Message to the transfers of one subscription: the default mapping, payload checks, recipient split.
import { randomUUID } from 'node:crypto';
import { defaultMapping } from '../core/default-mapping.js';
import type { Message } from '../core/message.js';
import { chunkRecipients, moveworksPayloadSchema } from '../core/moveworks.js';
import type { NewTransfer } from '../core/ports/delivery-storage.js';
import type { Subscription } from '../core/subscription.js';
import { toIssues } from '../core/zod-issues.js';

export interface PlanOptions {
  readonly receivedAtMs: number;
  readonly priority?: number;
  readonly debug?: boolean;
}

/**
 * One transfer per request: a payload naming more than 500 recipients becomes several parts. A payload the
 * mapping cannot make valid becomes one failed transfer carrying the reason, so nothing is sent and the error
 * log says why.
 */
export function planTransfers(message: Message, sub: Subscription, options: PlanOptions): NewTransfer[] {
  const base = {
    subscriptionId: sub.id,
    messageId: message.Id,
    priority: options.priority ?? 0,
    debug: options.debug ?? false,
    receivedAtMs: options.receivedAtMs,
  };
  /** The one transfer of a Message that is not sent: it carries the reason into the activity and error logs. */
  const unsent = (status: 'failed' | 'skipped', errorCode: string, errorText: string): NewTransfer[] => [
    { ...base, trackingId: randomUUID(), part: 1, parts: 1, payloadJson: null, status, errorCode, errorText },
  ];
  if (!sub.createDefaultMappings)
    return unsent(
      'skipped',
      'NO_MAPPING',
      'No mapping: "Create Default Mappings" is off and the subscription has no mapping collection',
    );
  const payload = defaultMapping(message, sub.defaultEventId);
  const checked = moveworksPayloadSchema.safeParse(payload);
  if (!checked.success) {
    const problems = toIssues(checked.error)
      .map((i) => `${i.path}: ${i.message}`)
      .join('; ');
    return unsent(
      'failed',
      'INVALID_PAYLOAD',
      `Could not Post Message To Moveworks: the mapped payload is invalid (${problems})`,
    );
  }
  const chunks = chunkRecipients(checked.data.recipients);
  return chunks.map((recipients, i) => ({
    ...base,
    trackingId: randomUUID(),
    part: i + 1,
    parts: chunks.length,
    payloadJson: JSON.stringify({ ...payload, recipients }),
    status: 'queued',
    errorCode: null,
    errorText: null,
  }));
}
