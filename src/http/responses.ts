// OpenAPI response entries shared by every route: JSON bodies and the problem+json errors.
import type { z } from 'zod';
import { problemSchema } from './contracts/problem.js';

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** Error responses every authenticated route may give, plus the ones a route adds. */
export const problems = (...extra: (400 | 404 | 409 | 422 | 502 | 503 | 504)[]) => {
  const out: Record<number, ReturnType<typeof problem>> = {
    401: problem('Missing, unknown or revoked admin token'),
    500: problem('Unexpected error'),
  };
  const texts = {
    400: 'Invalid request',
    404: 'Not found',
    409: 'Conflict',
    422: 'Refused',
    502: 'Upstream failed',
    503: 'A worker thread is being replaced; retry in a few seconds',
    504: 'Upstream timed out',
  };
  for (const status of extra) out[status] = problem(texts[status]);
  return out;
};

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
