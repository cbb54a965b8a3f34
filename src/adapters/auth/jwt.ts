// JWT auth: a signed JWT exchanged for an access token (RFC 7523 §2.1), or sent itself as the bearer token.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { TokenAuthMethod } from '../../core/ports/auth-method.js';
import {
  NO_CLIENT_AUTH,
  clientIdOnly,
  clientSecretAuth,
  fixedClientAuth,
  type ClientAuthRunner,
} from './client-auth.js';
import { jwtSigner } from './jwt-signer.js';
import { oauth2Grant, withExtra, type MethodDeps } from './oauth2-grant.js';
import { applyBearer } from './request-credentials.js';

/** RFC 7523 §2.1 grant type. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** RFC 7523 §3.1: client authentication is optional; used when clientId is set. */
function clientAuthOf(config: AuthOf<'jwt'>): ClientAuthRunner {
  if (config.clientId === undefined) return fixedClientAuth(NO_CLIENT_AUTH);
  if (config.clientSecret === undefined) return fixedClientAuth(clientIdOnly(config.clientId));
  return clientSecretAuth({ ...config, clientId: config.clientId, clientSecret: config.clientSecret });
}

/**
 * With Access Token Request Url: every token request signs a new assertion and posts
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=...` (plus scope and Additional Request
 * Data). Without it: the JWT itself is the token (`Authorization: Bearer <jwt>`), signed locally and signed
 * again by the engine before it expires.
 */
export function jwt(connector: string, config: AuthOf<'jwt'>, deps: MethodDeps): TokenAuthMethod {
  const signer = jwtSigner(connector, config, deps.clock);
  if (config.accessTokenRequestUrl === undefined) {
    return {
      kind: 'token',
      local: true,
      usesRefreshToken: false,
      obtain: async () => {
        const token = await signer.sign();
        deps.scrubber.addShortLived(token);
        return {
          accessToken: token,
          tokenType: 'bearer',
          expiresInSeconds: config.expirySeconds,
          steps: [
            `signed ${signer.description}, valid ${config.expirySeconds} s, sent as Authorization: Bearer`,
          ],
        };
      },
      apply: applyBearer,
    };
  }
  const grant = oauth2Grant(
    {
      connector,
      tokenUrl: config.accessTokenRequestUrl,
      grantType: config.customGrantType ?? JWT_BEARER_GRANT,
      clientAuth: clientAuthOf(config),
      params: async () => {
        const assertion = await signer.sign();
        deps.scrubber.addShortLived(assertion);
        return withExtra(config.additionalRequestData, { scope: config.scope, assertion });
      },
      headers: config.additionalHeaders,
      usesRefreshToken: false,
      invalidGrantHint:
        `the server refused the JWT assertion; check Issuer, Audience (often the token URL), Subject, ` +
        `the key registered for it and the clock of connector "${connector}"`,
    },
    deps.request,
  );
  return {
    ...grant,
    obtain: async (options) => {
      const token = await grant.obtain(options);
      return { ...token, steps: [`signed ${signer.description} as the assertion`, ...token.steps] };
    },
  };
}
