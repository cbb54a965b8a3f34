// Turns zod's issues into Ferry's Issue list, so every edge reports validation problems the same way.
import type { z } from 'zod';
import type { Issue } from './errors.js';

export function toIssues(error: z.ZodError, prefix: readonly (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path:
      [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p))].join('.') || '(root)',
    code: issue.code,
    message: issue.message,
  }));
}
