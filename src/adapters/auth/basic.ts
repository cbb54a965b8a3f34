// HTTP Basic auth (RFC 7617): `Authorization: Basic base64(utf8(user-id ":" password))`.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { StaticAuthMethod } from '../../core/ports/auth-method.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { MASK, setHeader } from './request-credentials.js';

/**
 * The credentials of RFC 7617 §2, encoded as UTF-8 (§2.1 `charset="UTF-8"`) before base64.
 * Throws TypeError when the user-id contains ":" (§2 forbids it).
 */
export function basicCredentials(userId: string, password: string): string {
  if (userId.includes(':')) throw new TypeError('a Basic user-id must not contain ":" (RFC 7617 §2)');
  return Buffer.from(`${userId}:${password}`, 'utf8').toString('base64');
}

/** Basic auth with the connector's `username` and `password`; the encoded value is registered as a secret. */
export function basic(config: AuthOf<'basic'>, scrubber?: SecretScrubber): StaticAuthMethod {
  const value = `Basic ${basicCredentials(config.username, config.password)}`;
  // The base64 form hides the password from value-based scrubbing unless registered too.
  scrubber?.add(value.slice('Basic '.length));
  return {
    kind: 'static',
    apply: (req) => setHeader(req, 'Authorization', value),
    describe: () => `header Authorization: Basic ${MASK} (user ${config.username})`,
  };
}
