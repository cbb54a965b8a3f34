// Picks a grant's client authentication from its config: secrets, Ferry's signed assertion, or its certificate.
import * as oauth from 'oauth4webapi';
import type { OAuth2Common } from './oauth2-grant.js';
import { clientSecretAuth, fixedClientAuth, type ClientAuthRunner } from './client-auth.js';
import {
  DEFAULT_ASSERTION_ALGORITHM,
  DEFAULT_ASSERTION_LIFETIME_SECONDS,
  privateKeyJwt,
  type PrivateKeyJwtDeps,
} from './private-key-jwt.js';

/**
 * `private_key_jwt` (RFC 7523 §2.2), `tls_client_auth` / `self_signed_tls_client_auth` (RFC 8705 §2.1, §2.2:
 * client_id in the body, the certificate proves the rest), else client_secret_basic / _post per RFC 6749 §2.3.1.
 */
export function oauth2ClientAuth(
  connector: string,
  config: OAuth2Common,
  deps: PrivateKeyJwtDeps,
): ClientAuthRunner {
  const method = config.oauth2ClientAuthentication;
  if (method === 'private_key_jwt')
    return fixedClientAuth(
      privateKeyJwt(
        {
          connector,
          clientId: config.clientId,
          audience: config.clientAssertionAudience ?? config.oauth2TokenUrl,
          algorithm: config.clientAssertionAlgorithm ?? DEFAULT_ASSERTION_ALGORITHM,
          lifetimeSeconds: config.clientAssertionLifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME_SECONDS,
        },
        deps,
      ),
    );
  if (method === 'tls_client_auth' || method === 'self_signed_tls_client_auth')
    return fixedClientAuth({ name: method, clientId: config.clientId, auth: oauth.TlsClientAuth() });
  if (config.clientSecret === undefined) throw new TypeError('clientSecret is required');
  return clientSecretAuth({ ...config, clientSecret: config.clientSecret });
}
