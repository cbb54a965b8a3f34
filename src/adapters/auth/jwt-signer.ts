// Signs the JWT of a jwt connector with jose: iat from the injected clock, exp = iat + expirySeconds.
import { SignJWT, type JWTHeaderParameters } from 'jose';
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { Clock } from '../../core/clock.js';
import { OAuthError } from '../../core/errors.js';
import { loadJwtKey } from './jwt-key.js';

export interface JwtSigner {
  /** A fresh compact JWS (RFC 7515 §7.1) with the configured claims and headers. */
  sign(): Promise<string>;
  /** `an RS256 JWT (iss=..., aud=..., sub=..., kid=...)`, for steps; no secret in it. */
  readonly description: string;
}

/** Claims Ferry sets itself; additionalClaims cannot override them. */
const AUTOMATIC = new Set(['iat', 'exp']);

/**
 * Checks the key when built (throws OAuthError ERR_JWT_SIGNING_FAILED naming `auth.privateKey`).
 * Claims (RFC 7519 §4.1): additionalClaims, then iss/aud/sub when set, then iat and exp.
 * Header (RFC 7515 §4.1): jwtHeaders such as kid and typ, with alg always the configured algorithm.
 */
export function jwtSigner(connector: string, config: AuthOf<'jwt'>, clock: Clock): JwtSigner {
  const loaded = loadJwtKey(config.algorithm, config.privateKey);
  if (!('key' in loaded))
    throw new OAuthError(
      'ERR_JWT_SIGNING_FAILED',
      `connector "${connector}": auth.privateKey ${loaded.problem}`,
    );
  const { key } = loaded;
  const header: JWTHeaderParameters = { ...config.jwtHeaders, alg: config.algorithm };
  const claims = Object.fromEntries(
    Object.entries(config.additionalClaims ?? {}).filter(([k]) => !AUTOMATIC.has(k)),
  );
  const named = [
    ['iss', config.issuer],
    ['aud', config.audience],
    ['sub', config.subject],
    ['kid', config.jwtHeaders?.kid],
  ].filter((pair): pair is [string, string] => pair[1] !== undefined);

  return {
    description: `an ${config.algorithm} JWT${named.length > 0 ? ` (${named.map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`,
    async sign() {
      const iat = Math.floor(clock.now() / 1000);
      const jwt = new SignJWT(claims)
        .setProtectedHeader(header)
        .setIssuedAt(iat)
        .setExpirationTime(iat + config.expirySeconds);
      if (config.issuer !== undefined) jwt.setIssuer(config.issuer);
      if (config.audience !== undefined) jwt.setAudience(config.audience);
      if (config.subject !== undefined) jwt.setSubject(config.subject);
      try {
        return await jwt.sign(key);
      } catch (e) {
        // jose's messages describe the algorithm or claim, never the key; the cause is not kept all the same.
        const reason = e instanceof Error ? e.message : 'unknown error';
        throw new OAuthError(
          'ERR_JWT_SIGNING_FAILED',
          `connector "${connector}": could not sign the JWT (${reason})`,
        );
      }
    },
  };
}
