// What one attempt's outcome does to its transfer: the rules of architecture.md "Delivery rules".
import { retryDelayMs } from '../core/backoff.js';
import type { StoredTransfer, TransferResult } from '../core/ports/delivery-storage.js';
import type { SendOutcome } from '../core/ports/moveworks.js';
import type { Subscription } from '../core/subscription.js';

export interface OutcomeEffect {
  readonly result: TransferResult;
  /** Pause the whole subscription until then (a 429: the limit is organisation-wide). */
  readonly pauseUntil?: number;
  /** The credentials were refused even after a fresh token: stop the subscription with this text. */
  readonly authFailed?: string;
}

/**
 * `transfer.attempts` already counts this attempt (the claim added it). A 429 or refused credentials do not
 * count as attempts: the transfer goes back to the queue unchanged.
 */
export function applyOutcome(
  transfer: StoredTransfer,
  sub: Subscription,
  outcome: SendOutcome,
  started: number,
  now: number,
): OutcomeEffect {
  const attemptBase = {
    trackingId: transfer.trackingId,
    subscriptionId: transfer.subscriptionId,
    messageId: transfer.messageId,
    attempt: transfer.attempts,
    durationMs: Math.max(0, Math.round(now - started)),
    at: new Date(now).toISOString(),
  };
  const base = {
    seq: transfer.seq,
    attemptsDelta: 0,
    nextAttemptAt: transfer.nextAttemptAt,
    httpStatus: null,
    errorCode: null,
    errorText: null,
    deliveredAtMs: null,
  };
  /** Back to the queue as it was: the attempt the claim counted is taken back. */
  const notAnAttempt = (kind: 'rate_limited' | 'unauthorized', httpStatus: number, errorText: string) => ({
    ...base,
    status: 'queued' as const,
    attemptsDelta: -1,
    nextAttemptAt: now,
    httpStatus,
    errorText,
    attempt: { ...attemptBase, outcome: kind, httpStatus, errorText },
  });
  switch (outcome.kind) {
    case 'delivered':
      return {
        result: {
          ...base,
          status: 'delivered',
          httpStatus: outcome.status,
          deliveredAtMs: now,
          attempt: { ...attemptBase, outcome: 'delivered', httpStatus: outcome.status, errorText: null },
        },
      };
    case 'rate_limited':
      return {
        pauseUntil: now + outcome.retryAfterMs,
        result: notAnAttempt('rate_limited', 429, outcome.errorText),
      };
    case 'unauthorized':
      return { authFailed: outcome.errorText, result: notAnAttempt('unauthorized', 401, outcome.errorText) };
    case 'rejected':
      return {
        result: {
          ...base,
          status: 'failed',
          httpStatus: outcome.status,
          errorCode: outcome.code,
          errorText: outcome.errorText,
          attempt: {
            ...attemptBase,
            outcome: 'failed',
            httpStatus: outcome.status,
            errorText: outcome.errorText,
          },
        },
      };
    case 'unconfirmed':
      if (!sub.atLeastOnce)
        return {
          result: {
            ...base,
            status: 'unconfirmed',
            errorCode: 'UNCONFIRMED',
            errorText: outcome.errorText,
            attempt: {
              ...attemptBase,
              outcome: 'unconfirmed',
              httpStatus: null,
              errorText: outcome.errorText,
            },
          },
        };
      return retryOrFail(transfer, sub, outcome.errorText, null, base, attemptBase, now);
    case 'unavailable':
      return retryOrFail(transfer, sub, outcome.errorText, outcome.status ?? null, base, attemptBase, now);
  }
}

function retryOrFail(
  transfer: StoredTransfer,
  sub: Subscription,
  errorText: string,
  httpStatus: number | null,
  base: Omit<TransferResult, 'status' | 'attempt'>,
  attemptBase: Omit<TransferResult['attempt'], 'outcome' | 'httpStatus' | 'errorText'>,
  now: number,
): OutcomeEffect {
  const delay = retryDelayMs(sub.retry, transfer.attempts);
  const shared = { ...base, httpStatus, errorCode: 'UNAVAILABLE', errorText };
  if (delay === undefined)
    return {
      result: {
        ...shared,
        status: 'failed',
        attempt: { ...attemptBase, outcome: 'failed', httpStatus, errorText },
      },
    };
  return {
    result: {
      ...shared,
      status: 'queued',
      nextAttemptAt: now + delay,
      attempt: { ...attemptBase, outcome: 'retrying', httpStatus, errorText },
    },
  };
}
