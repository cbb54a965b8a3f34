// What one Moveworks send came to: the outcome union, Moveworks error bodies, Retry-After and transport failures.
import type { Clock } from '../../core/clock.js';
import type { TextResponse } from '../../core/ports/outbound.js';
import { type OAuthError, OutboundError } from '../../core/errors.js';

export type { SendOutcome } from '../../core/ports/moveworks.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';

export const DEFAULT_RETRY_AFTER_MS = 60_000;

export { ipaasErrorText } from '../../core/delivery/moveworks.js';
import { ipaasErrorText } from '../../core/delivery/moveworks.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads `{"error":{"code","message"}}` (the docs) or flat `{"code","message"}` (the OpenAPI file). */
export function parseMoveworksError(text: string): { code?: string; message?: string } {
  const body = safeJson(text);
  if (!isRecord(body)) return {};
  const fields = isRecord(body.error) ? body.error : body;
  const pick = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const code = pick(fields.code);
  const message = pick(fields.message) ?? pick(fields.Message);
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
}

/** Retry-After as delta-seconds or an HTTP-date (relative to `clock`); 60 s when absent or unparsable. */
export function retryAfterMs(header: string | null, clock: Clock): number {
  const value = header?.trim() ?? '';
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = value === '' ? Number.NaN : Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - clock.now());
}

/*
 * "Not sent" versus "maybe sent". Moveworks has no idempotency key, so only a failure that provably happened
 * before any request byte could reach the server may be retried freely. undici (through createOutboundFetch):
 * - ECONNREFUSED, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH, ENETUNREACH, UND_ERR_CONNECT_TIMEOUT: no connection was
 *   ever made, so nothing was written: not sent. So are a blocked address and a TLS failure (the handshake
 *   precedes the request).
 * - ECONNRESET, EPIPE, UND_ERR_SOCKET ("other side closed"), UND_ERR_HEADERS_TIMEOUT, UND_ERR_BODY_TIMEOUT:
 *   the socket was connected and the request may have been written, even on a reused keep-alive socket that
 *   the server closed: maybe sent.
 * - The whole-request timeout (ERR_OUTBOUND_TIMEOUT without a cause) cannot say whether it fired while
 *   connecting or while waiting for the answer: maybe sent, the safe side.
 * Any other code is treated as maybe sent.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causeCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; isRecord(e) && depth < 8; e = e.cause, depth++) {
    if (typeof e.code === 'string' && !e.code.startsWith('ERR_OUTBOUND_')) return e.code;
  }
  return undefined;
}

/** True when `err` (from OutboundFetch) proves the request never left; false when it may have been sent. */
export function failedBeforeSending(err: OutboundError): boolean {
  if (err.code === 'ERR_OUTBOUND_ADDRESS_BLOCKED' || err.code === 'ERR_OUTBOUND_TLS_FAILED') return true;
  const code = causeCode(err.cause);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

/** The outcome of a send whose fetch threw an OutboundError; `action` names the call in the error text. */
export function transportOutcome(err: OutboundError, action = 'SendMessage'): SendOutcome {
  const reason = err.message;
  if (failedBeforeSending(err)) {
    const errorText = ipaasErrorText(`request not sent: ${reason}`, undefined, action);
    return { kind: 'unavailable', reason, errorText };
  }
  return {
    kind: 'unconfirmed',
    reason,
    errorText: ipaasErrorText(`no answer, may have been sent: ${reason}`, undefined, action),
  };
}

export const isOutboundError = (err: unknown): err is OutboundError => err instanceof OutboundError;

/** The outcome of an HTTP answer other than the 401 that triggers a token refresh. */
export function responseOutcome(
  res: TextResponse,
  text: string,
  clock: Clock,
  action = 'SendMessage',
): SendOutcome {
  const { status } = res;
  if (res.ok) return { kind: 'delivered', status };
  const said = parseMoveworksError(text);
  const message = said.message ?? res.statusText;
  const details = said.code === undefined ? message : `${said.code}: ${message}`;
  const errorText = ipaasErrorText(details, status, action);
  if (status === 429) {
    return {
      kind: 'rate_limited',
      retryAfterMs: retryAfterMs(res.headers.get('retry-after'), clock),
      errorText,
    };
  }
  if (status === 401) return { kind: 'unauthorized', errorText };
  if (status >= 500) return { kind: 'unavailable', status, reason: message, errorText };
  return { kind: 'rejected', status, code: said.code ?? `HTTP_${status}`, message, errorText };
}

/**
 * A token failure a later attempt may cure, as a send outcome: 429 (the limit is organisation-wide), 5xx and
 * no answer (the message was not sent). Undefined for refused credentials or a malformed token response,
 * which are configuration problems the caller must see as the OAuthError itself.
 */
export function tokenFailureOutcome(err: OAuthError, action = 'SendMessage'): SendOutcome | undefined {
  const status = typeof err.details?.status === 'number' ? err.details.status : undefined;
  const errorText = ipaasErrorText(`token request failed: ${err.message}`, status, action);
  if (err.code === 'ERR_OAUTH_TOKEN_URL_UNREACHABLE')
    return { kind: 'unavailable', reason: err.message, errorText };
  if (err.code !== 'ERR_OAUTH_REQUEST_REJECTED' || status === undefined) return undefined;
  const wait = err.details?.retryAfterMs;
  if (status === 429)
    return {
      kind: 'rate_limited',
      retryAfterMs: typeof wait === 'number' ? wait : DEFAULT_RETRY_AFTER_MS,
      errorText,
    };
  return status >= 500 ? { kind: 'unavailable', status, reason: err.message, errorText } : undefined;
}
