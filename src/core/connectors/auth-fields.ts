// Field schemas every auth config type shares: non-empty text, secrets, http(s) URLs, header names.
import { z } from 'zod';

export const nonEmpty = z.string().trim().min(1, 'must not be empty');
export const secret = z.string().min(1, 'must not be empty');
export const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .meta({ description: 'Absolute http(s) URL.' });
/** Header or form field names mapped to values; values are write-only like every secret. */
export const secretMap = z.record(z.string().min(1), z.string());
/** RFC 9110 §5.1: a header name is a token. */
export const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');
/** An absolute http(s) URL, or a path resolved against the connector's base URL (`/login`). */
export const urlOrPath = z.union(
  [httpUrl, z.string().regex(/^\/(?!\/)/, 'must be an http(s) URL or a path starting with /')],
  {
    error: (issue) =>
      `${issue.input === undefined ? 'is required:' : 'must be'} an http(s) URL or a path starting with /`,
  },
);
/** `%s` marks where a key or token goes, e.g. `Bearer %s`. */
export const valuePattern = z.string().includes('%s', { message: 'must contain %s' });
