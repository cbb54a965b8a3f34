// Transfers and attempts as the API shows them.
import type { StoredAttempt, StoredTransfer } from '../../../core/ports/delivery-storage.js';
import type { AttemptView, TransferView } from '../../contracts/messages.js';
import { ERROR_SUMMARY } from '../../../engine/messages/transfer-service.js';

export function toTransferView(t: StoredTransfer, withPayload = false): TransferView {
  return {
    trackingId: t.trackingId,
    subscriptionId: t.subscriptionId,
    messageId: t.messageId,
    part: t.part,
    parts: t.parts,
    status: t.status,
    attempts: t.attempts,
    ...(t.status === 'queued' ? { nextAttemptAt: new Date(t.nextAttemptAt).toISOString() } : {}),
    ...(t.httpStatus === null ? {} : { httpStatus: t.httpStatus }),
    ...(t.errorCode === null ? {} : { errorCode: t.errorCode }),
    ...(t.errorText === null ? {} : { errorText: t.errorText }),
    ...(withPayload && t.payloadJson !== null ? { payload: JSON.parse(t.payloadJson) as unknown } : {}),
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export function toAttemptView(a: StoredAttempt & { id: number }): AttemptView {
  const error = a.errorText !== null && a.outcome !== 'delivered';
  // A skip is a decision of the mapping filter, not a failed post: it keeps its reason without the summary.
  const failed = error && a.outcome !== 'skipped';
  return {
    id: a.id,
    trackingId: a.trackingId,
    subscriptionId: a.subscriptionId,
    messageId: a.messageId,
    attempt: a.attempt,
    status: a.outcome,
    ...(a.httpStatus === null ? {} : { httpStatus: a.httpStatus }),
    durationMs: a.durationMs,
    ...(error ? { error: a.errorText ?? '' } : {}),
    ...(failed ? { summary: ERROR_SUMMARY } : {}),
    at: a.at,
  };
}
