// Custom grants on the test authorization server: password (RFC 6749 §4.3) and jwt-bearer (RFC 7523 §2.1).
import { decodeProtectedHeader, jwtVerify } from 'jose';
import type { KeyObject } from 'node:crypto';
import { errors, type Context, type Provider } from 'oidc-provider';
import type { Clock } from '../../src/core/clock.js';
import { ASSERTION_ISSUER, JWT_BEARER, RESOURCE_OWNER } from './oidc-clients.js';

export type VerifyKeys = Partial<Record<'HS256' | 'RS256' | 'ES256', KeyObject | Uint8Array>>;

/** Issues an opaque access token for `accountId` the way built-in grants do, and answers with it. */
async function respondWithToken(
  provider: Provider,
  ctx: Context,
  accountId: string,
  gty: string,
): Promise<void> {
  const client = ctx.oidc!.client;
  const scope = ctx.oidc!.params.scope;
  const token = new provider.AccessToken({ accountId, client, gty, ...(scope ? { scope } : {}) });
  const value = await token.save();
  ctx.body = {
    access_token: value,
    token_type: 'Bearer',
    expires_in: token.expiration,
    ...(scope ? { scope } : {}),
  };
}

export function registerPasswordGrant(provider: Provider): void {
  provider.registerGrantType(
    'password',
    async (ctx) => {
      const params = ctx.oidc!.params;
      // The header variant sends Username and Password as request headers instead of form fields.
      const username = params.username ?? ctx.get('username');
      const password = params.password ?? ctx.get('password');
      if (username !== RESOURCE_OWNER.username || password !== RESOURCE_OWNER.password)
        throw new errors.InvalidGrant('invalid resource owner credentials');
      await respondWithToken(provider, ctx, username, 'password');
    },
    ['username', 'password', 'scope'],
  );
}

/** Verifies the assertion's signature with `keys` (by its alg), and iss, aud (the token URL) and exp. */
export function registerJwtBearerGrant(
  provider: Provider,
  keys: VerifyKeys,
  tokenUrl: string,
  clock: Clock,
  seen: string[],
): void {
  provider.registerGrantType(
    JWT_BEARER,
    async (ctx) => {
      const assertion = ctx.oidc!.params.assertion;
      if (!assertion) throw new errors.InvalidRequest('missing assertion');
      seen.push(assertion);
      let subject: string | undefined;
      try {
        const { alg } = decodeProtectedHeader(assertion);
        const key = alg === 'HS256' || alg === 'RS256' || alg === 'ES256' ? keys[alg] : undefined;
        if (key === undefined) throw new Error('no key for this alg');
        const { payload } = await jwtVerify(assertion, key, {
          issuer: ASSERTION_ISSUER,
          audience: tokenUrl,
          requiredClaims: ['exp', 'iat', 'sub'],
          currentDate: new Date(clock.now()),
        });
        subject = payload.sub;
      } catch {
        throw new errors.InvalidGrant('assertion rejected');
      }
      await respondWithToken(provider, ctx, subject ?? 'unknown', 'jwt-bearer');
    },
    ['assertion', 'scope'],
  );
}
