// Turns any thrown value into an RFC 9457 problem+json response with a stable code.
import { HTTPException } from 'hono/http-exception';
import { FerryError, ValidationError, isFerryError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { PROBLEM_TYPE_BASE, type Problem } from './contracts/problem.js';
import { ERROR_STATUS } from './error-status.js';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problemOf(error: FerryError, instance?: string): Problem {
  const status = ERROR_STATUS[error.code];
  // Extension members come first so they can never overwrite the RFC 9457 members; an upstream status is renamed.
  const { status: upstreamStatus, ...extensions } = error.details ?? {};
  const problem: Problem = {
    ...extensions,
    ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
    ...(instance === undefined ? {} : { instance }),
  };
  if (error instanceof ValidationError) problem.errors = [...error.issues];
  return problem;
}

/** Maps framework exceptions (bad JSON, wrong media type) and unknown errors onto Ferry errors. */
export function toFerryError(error: unknown, log: Logger): FerryError {
  if (isFerryError(error)) return error;
  if (error instanceof HTTPException) {
    const text = error.message;
    if (error.status === 413)
      return code('ERR_REQUEST_TOO_LARGE', 'the request body is larger than FERRY_MAX_BODY_BYTES allows');
    if (error.status === 415 || /content-type/i.test(text))
      return code('ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE', 'send the request body as application/json');
    if (/json/i.test(text)) return code('ERR_REQUEST_MALFORMED_JSON', 'the request body is not valid JSON');
    if (error.status === 404) return code('ERR_ROUTE_NOT_FOUND', 'no such route');
  }
  log.error({ err: error }, 'unexpected error');
  return code('ERR_INTERNAL', 'an unexpected error happened; the server log has the details');
}

const code = (c: ErrorCode, message: string): FerryError => new FerryError(c, message);

export function problemResponse(problem: Problem): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json' },
  });
}
