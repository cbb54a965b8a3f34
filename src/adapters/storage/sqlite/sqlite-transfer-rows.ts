// Rows of the transfers and attempts tables as the delivery port's types.
import type { DueTransfer, StoredAttempt, StoredTransfer } from '../../../core/ports/delivery-storage.js';

export type Row = Record<string, unknown>;

export const transferFromRow = (r: Row): StoredTransfer => ({
  seq: r.seq as number,
  trackingId: r.tracking_id as string,
  subscriptionId: r.subscription_id as string,
  messageId: r.message_id as string,
  part: r.part as number,
  parts: r.parts as number,
  payloadJson: (r.payload_json as string | null) ?? null,
  status: r.status as StoredTransfer['status'],
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as number,
  priority: r.priority as number,
  debug: r.debug === 1,
  httpStatus: (r.http_status as number | null) ?? null,
  errorCode: (r.error_code as string | null) ?? null,
  errorText: (r.error_text as string | null) ?? null,
  receivedAtMs: r.received_at_ms as number,
  deliveredAtMs: (r.delivered_at_ms as number | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

/** The columns a due transfer is read with, in dueFromRow's order (rows as arrays: see sqliteDelivery's `due`). */
export const DUE_COLUMNS =
  'seq, tracking_id, subscription_id, message_id, payload_json, attempts, next_attempt_at, debug';

export const dueFromRow = (r: unknown[]): DueTransfer => ({
  seq: r[0] as number,
  trackingId: r[1] as string,
  subscriptionId: r[2] as string,
  messageId: r[3] as string,
  payloadJson: (r[4] as string | null) ?? null,
  attempts: r[5] as number,
  nextAttemptAt: r[6] as number,
  debug: r[7] === 1,
});

export const attemptFromRow = (r: Row): StoredAttempt & { id: number } => ({
  id: r.id as number,
  trackingId: r.tracking_id as string,
  subscriptionId: r.subscription_id as string,
  messageId: r.message_id as string,
  attempt: r.attempt as number,
  outcome: r.outcome as StoredAttempt['outcome'],
  httpStatus: (r.http_status as number | null) ?? null,
  durationMs: r.duration_ms as number,
  errorText: (r.error_text as string | null) ?? null,
  at: r.at as string,
});
