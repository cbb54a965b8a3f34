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
