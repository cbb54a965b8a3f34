// Every error code is documented in docs/errors.md with the status the HTTP edge gives it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from './error-status.js';
import { ERROR_CODES, OAuthError, ValidationError } from '../core/errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const rows = new Map(
  [...doc.matchAll(/^\| `(ERR_[A-Z_]+)` +\| (\d{3}) +\|/gm)].map((m) => [m[1]!, Number(m[2])] as const),
);

describe('error codes', () => {
  it.each(ERROR_CODES)('documents %s with its HTTP status', (code) => {
    expect(rows.get(code)).toBe(ERROR_STATUS[code]);
  });

  it('documents no code that does not exist', () => {
    expect([...rows.keys()].filter((c) => !(ERROR_CODES as readonly string[]).includes(c))).toEqual([]);
  });

  it('keeps code, name and cause on family errors', () => {
    const cause = new Error('socket hang up');
    const e = new OAuthError('ERR_OAUTH_TOKEN_URL_UNREACHABLE', 'token URL unreachable', { cause });
    expect(e.code).toBe('ERR_OAUTH_TOKEN_URL_UNREACHABLE');
    expect(e.name).toBe('OAuthError');
    expect(e.cause).toBe(cause);
    const v = new ValidationError('bad', [
      { path: 'auth.clientId', code: 'too_small', message: 'must not be empty' },
    ]);
    expect(v.code).toBe('ERR_REQUEST_VALIDATION');
    expect(v.issues).toHaveLength(1);
  });
});
