// What one attempt's outcome does to its transfer: the rules of architecture.md "Delivery rules".
import { isoTime } from '../../core/clock.js';
import { retryDelayMs } from '../../core/delivery/backoff.js';
import { ipaasErrorText } from '../../core/delivery/moveworks.js';
import { isFerryError, OAuthError } from '../../core/errors.js';
import type {
  AttemptOutcome,
  DueTransfer,
  TransferResult,
  TransferStatus,
} from '../../core/ports/delivery-storage.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';

export interface OutcomeEffect {
  readonly result: TransferResult;
  /** Pause the whole subscription until then (a 429: the limit is organisation-wide). */
  readonly pauseUntil?: number;
  /** The credentials were refused even after a fresh token: stop the subscription with this text. */
  readonly authFailed?: string;
}

/** What a result changes besides status, code, text and activity line; unset fields keep the transfer's own. */
interface ResultFields {
  readonly attemptsDelta?: number;
  readonly nextAttemptAt?: number;
  readonly deliveredAtMs?: number;
}

/** Builds a result and its activity line for one attempt of one transfer. */
type RecordAttempt = (
  status: TransferStatus,
  line: AttemptOutcome,
  httpStatus: number | null,
  errorCode: string | null,
  errorText: string | null,
  fields?: ResultFields,
) => TransferResult;

/**
 * `transfer.attempts` already counts this attempt (the claim added it). A 429 or refused credentials do not
 * count as attempts: the transfer goes back to the queue unchanged.
 */
export function applyOutcome(
  transfer: DueTransfer,
  sub: Subscription,
  outcome: SendOutcome,
  started: number,
  now: number,
): OutcomeEffect {
  const at = isoTime(now);
  const durationMs = Math.max(0, Math.round(now - started));
  // Object literals, not `{ ...base, more }`: V8 builds a spread followed by new properties one slow property at
  // a time, which cost a few µs on every delivery.
  const record: RecordAttempt = (status, line, httpStatus, errorCode, errorText, fields = {}) => ({
    seq: transfer.seq,
    status,
    attemptsDelta: fields.attemptsDelta ?? 0,
    nextAttemptAt: fields.nextAttemptAt ?? transfer.nextAttemptAt,
    httpStatus,
    errorCode,
    errorText,
    deliveredAtMs: fields.deliveredAtMs ?? null,
    attempt: {
      trackingId: transfer.trackingId,
      subscriptionId: transfer.subscriptionId,
      messageId: transfer.messageId,
      attempt: transfer.attempts,
      outcome: line,
      httpStatus,
      durationMs,
      errorText,
      at,
    },
  });
  /** Back to the queue as it was: the attempt the claim counted is taken back. */
  const notAnAttempt = (kind: 'rate_limited' | 'unauthorized', httpStatus: number, errorText: string) =>
    record('queued', kind, httpStatus, null, errorText, { attemptsDelta: -1, nextAttemptAt: now });
  switch (outcome.kind) {
    case 'delivered':
      return {
        result: record('delivered', 'delivered', outcome.status, null, null, { deliveredAtMs: now }),
      };
    case 'rate_limited':
      return {
        pauseUntil: now + outcome.retryAfterMs,
        result: notAnAttempt('rate_limited', 429, outcome.errorText),
      };
    case 'unauthorized':
      return { authFailed: outcome.errorText, result: notAnAttempt('unauthorized', 401, outcome.errorText) };
    case 'rejected':
      return { result: record('failed', 'failed', outcome.status, outcome.code, outcome.errorText) };
    case 'unconfirmed':
      if (!sub.atLeastOnce)
        return {
          result: record('unconfirmed', 'unconfirmed', null, 'UNCONFIRMED', outcome.errorText),
        };
      return retryOrFail(transfer, sub, outcome.errorText, null, record, now);
    case 'unavailable':
      return retryOrFail(transfer, sub, outcome.errorText, outcome.status ?? null, record, now);
  }
}

function retryOrFail(
  transfer: DueTransfer,
  sub: Subscription,
  errorText: string,
  httpStatus: number | null,
  record: RecordAttempt,
  now: number,
): OutcomeEffect {
  const delay = retryDelayMs(sub.retry, transfer.attempts);
  if (delay === undefined)
    return { result: record('failed', 'failed', httpStatus, 'UNAVAILABLE', errorText) };
  return {
    result: record('queued', 'retrying', httpStatus, 'UNAVAILABLE', errorText, {
      nextAttemptAt: now + delay,
    }),
  };
}

/** A send that threw: refused credentials stop the subscription; anything else may have been sent. */
export function thrownOutcome(err: unknown): SendOutcome {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof OAuthError) {
    const status = typeof err.details?.status === 'number' ? err.details.status : undefined;
    return { kind: 'unauthorized', errorText: ipaasErrorText(message, status) };
  }
  const reason = isFerryError(err) ? `${err.code}: ${message}` : message;
  return { kind: 'unconfirmed', reason, errorText: ipaasErrorText(`unexpected error: ${reason}`) };
}
