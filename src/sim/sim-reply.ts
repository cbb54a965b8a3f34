// The request and answer shapes the simulator's endpoint handlers share, and Moveworks' error body.
import type { IncomingHttpHeaders } from 'node:http';

/** The error codes the simulator answers with, in Moveworks' `{"error":{"code","message"}}` body. */
export type MoveworksErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_VALUE_SIZE_TOO_LONG'
  | 'UNAUTHENTICATED'
  | 'INVALID_EVENT_ID'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE';

/** One request, body already read as UTF-8 (empty when there was none). */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** When it arrived, by the simulator's clock, in ms since the epoch. */
  readonly atMs: number;
}

/** An answer; a non-empty body is sent as application/json. */
export interface SimReply {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function jsonReply(
  status: number,
  value: unknown,
  headers?: Readonly<Record<string, string>>,
): SimReply {
  const body = JSON.stringify(value);
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function errorReply(
  status: number,
  code: MoveworksErrorCode,
  message: string,
  headers?: Readonly<Record<string, string>>,
): SimReply {
  return jsonReply(status, { error: { code, message } }, headers);
}

export const badRequest = (message: string): SimReply => errorReply(400, 'BAD_REQUEST', message);

export const tooLong = (message: string): SimReply => errorReply(400, 'INVALID_VALUE_SIZE_TOO_LONG', message);

export const unauthenticated = (message: string): SimReply => errorReply(401, 'UNAUTHENTICATED', message);

export const methodNotAllowed = (allow: string): SimReply =>
  errorReply(405, 'METHOD_NOT_ALLOWED', `Use ${allow} on this path`, { allow });

/** 429 with `Retry-After` in whole seconds (at least 1) when `retryAfterMs` is given. */
export function rateLimited(message: string, retryAfterMs: number | undefined): SimReply {
  if (retryAfterMs === undefined) return errorReply(429, 'RATE_LIMITED', message);
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1_000));
  return errorReply(429, 'RATE_LIMITED', message, { 'retry-after': String(seconds) });
}

/** The documented success body of both send endpoints, serialised once. */
export const RECEIVED: SimReply = { status: 200, body: '{"data":{"status":"RECEIVED"}}' };

/** Reads an own property only, so `__proto__`, `constructor` and friends in a body are plain data. */
export function own(value: object, key: string): unknown {
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

export const isPlainObject = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Shortens text from the request before echoing it in an error message. */
export const clip = (text: string): string => (text.length > 80 ? `${text.slice(0, 80)}…` : text);
