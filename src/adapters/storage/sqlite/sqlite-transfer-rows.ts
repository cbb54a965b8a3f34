// The due-transfer read SQLite makes in raw (array) mode; whole rows decode through ../stored-rows.ts.
import type { DueTransfer } from '../../../core/ports/delivery-storage.js';

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
