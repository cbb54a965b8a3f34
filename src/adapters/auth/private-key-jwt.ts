// private_key_jwt client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9), signed with jose.
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import type * as oauth from 'oauth4webapi';
import type { ClientAssertionAlgorithm } from '../../core/connectors/oauth2-client-auth.js';
import type { Clock } from '../../core/clock.js';
import { OAuthError } from '../../core/errors.js';
import type { ClientAssertionKeys } from '../../core/ports/client-assertion-keys.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import type { ClientAuthChoice } from './token-request.js';

/** RFC 7523 §2.2 `client_assertion_type`. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const DEFAULT_ASSERTION_LIFETIME_SECONDS = 60;
export const DEFAULT_ASSERTION_ALGORITHM: ClientAssertionAlgorithm = 'RS256';

export interface PrivateKeyJwtSettings {
  readonly connector: string;
  readonly clientId: string;
  /** `aud`: the configured audience, else the token endpoint URL (RFC 7523 §3 item 3). */
  readonly audience: string;
  readonly algorithm: ClientAssertionAlgorithm;
  readonly lifetimeSeconds: number;
}

export interface PrivateKeyJwtDeps {
  readonly keys?: ClientAssertionKeys | undefined;
  readonly clock: Clock;
  readonly scrubber: SecretScrubber;
}

/**
 * Each token request gets a new assertion: iss = sub = client_id, aud, a fresh jti, iat from the clock and
 * exp = iat + lifetime; header alg and kid of the connector's current key. Sent as `client_assertion_type`
 * and `client_assertion` form fields with `client_id` (RFC 7521 §4.2).
 */
export function privateKeyJwt(settings: PrivateKeyJwtSettings, deps: PrivateKeyJwtDeps): ClientAuthChoice {
  const imported = new Map<string, ReturnType<typeof importJWK>>();
  const auth: oauth.ClientAuth = async (_as, _client, body) => {
    if (deps.keys === undefined)
      throw new OAuthError('ERR_JWT_SIGNING_FAILED', 'private_key_jwt needs the client assertion keys');
    const key = await deps.keys.current(settings.connector, settings.algorithm);
    let privateKey = imported.get(key.kid);
    if (privateKey === undefined) {
      privateKey = importJWK(key.privateJwk as JWK, key.alg);
      imported.set(key.kid, privateKey);
    }
    const iat = Math.floor(deps.clock.now() / 1000);
    let assertion: string;
    try {
      assertion = await new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .setIssuer(settings.clientId)
        .setSubject(settings.clientId)
        .setAudience(settings.audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + settings.lifetimeSeconds)
        .sign(await privateKey);
    } catch (e) {
      const reason = e instanceof Error ? e.message : 'unknown error';
      throw new OAuthError(
        'ERR_JWT_SIGNING_FAILED',
        `connector "${settings.connector}": could not sign the client assertion (${reason})`,
      );
    }
    deps.scrubber.addShortLived(assertion);
    body.set('client_id', settings.clientId);
    body.set('client_assertion_type', JWT_BEARER_ASSERTION);
    body.set('client_assertion', assertion);
  };
  return { name: 'private_key_jwt', clientId: settings.clientId, auth };
}
