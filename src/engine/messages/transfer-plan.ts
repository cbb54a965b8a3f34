// From a Message to the transfers of one subscription: the default mapping, payload checks, recipient split.
import { listenerBodyProblems } from '../../core/delivery/listener.js';
import { defaultMapping } from '../../core/mappings/default-mapping.js';
import { defaultListenerBody } from '../../core/mappings/listener-mapping.js';
import type { Message } from '../../core/messages/message.js';
import { chunkRecipients, moveworksPayloadSchema } from '../../core/delivery/moveworks.js';
import type { NewTransfer } from '../../core/ports/delivery-storage.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { toIssues } from '../../core/zod-issues.js';
import { invalidPayload, type MappingOutcome } from '../mappings/mapping-runner.js';
import { trackingId } from '../delivery/tracking-id.js';

export interface PlanOptions {
  readonly receivedAtMs: number;
  readonly priority?: number;
  readonly debug?: boolean;
}

/** The built-in default mapping (no collection): the fast path, same result as the default collection. */
export function defaultOutcome(message: Message, sub: Subscription): MappingOutcome {
  if (!sub.createDefaultMappings)
    return {
      kind: 'skipped',
      code: 'NO_MAPPING',
      text: 'No mapping: "Create Default Mappings" is off and the subscription has no enabled mapping collection',
    };
  if (sub.destination === 'listener') {
    const body = defaultListenerBody(message);
    const problems = listenerBodyProblems(body);
    return problems.length === 0 ? { kind: 'body', body } : invalidPayload(problems);
  }
  const payload = defaultMapping(message, sub.defaultEventId);
  const checked = moveworksPayloadSchema.safeParse(payload);
  if (checked.success) return { kind: 'payload', payload };
  return invalidPayload(toIssues(checked.error).map((i) => `${i.path}: ${i.message}`));
}

/**
 * One transfer per request: a listener body is one; a payload naming more than 500 recipients becomes several parts. A Message the
 * mapping skipped or could not map becomes one transfer that is not sent and carries the reason, so the
 * activity and error logs say why.
 */
export function planTransfers(
  message: Message,
  sub: Subscription,
  outcome: MappingOutcome,
  options: PlanOptions,
): NewTransfer[] {
  // Object literals, not `{ ...base, more }`: V8 builds a spread followed by new properties one slow property
  // at a time (about 4 µs here, half of a bulk record's planning).
  const transfer = (
    trackingId: string,
    part: number,
    parts: number,
    payloadJson: string | null,
    status: NewTransfer['status'],
    errorCode: string | null,
    errorText: string | null,
  ): NewTransfer => ({
    trackingId,
    subscriptionId: sub.id,
    messageId: message.Id,
    part,
    parts,
    payloadJson,
    status,
    errorCode,
    errorText,
    priority: options.priority ?? 0,
    debug: options.debug ?? false,
    receivedAtMs: options.receivedAtMs,
  });
  // A listener body is one request, whatever it holds.
  if (outcome.kind === 'body')
    return [transfer(trackingId(), 1, 1, JSON.stringify(outcome.body), 'queued', null, null)];
  if (outcome.kind !== 'payload')
    return [transfer(trackingId(), 1, 1, null, outcome.kind, outcome.code, outcome.text)];
  const { payload } = outcome;
  const chunks = chunkRecipients(payload.recipients);
  return chunks.map((recipients, i) =>
    transfer(
      trackingId(),
      i + 1,
      chunks.length,
      JSON.stringify(chunks.length === 1 ? payload : { ...payload, recipients }),
      'queued',
      null,
      null,
    ),
  );
}
