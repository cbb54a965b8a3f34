// The auth adapters as one AuthMethodFactory: maps each auth config type to its method, and validates configs.
import type { AuthConfig } from '../../core/connectors/auth-config.js';
import type { Clock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import type { AuthMethod, AuthMethodFactory } from '../../core/ports/auth-method.js';
import type { ClientAssertionKeys } from '../../core/ports/client-assertion-keys.js';
import type { OutboundFetch, OutboundTransports } from '../../core/ports/outbound.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { apiKey } from './api-key.js';
import { basic } from './basic.js';
import { clientCertificateAuth, withClientCertificate } from './client-certificate-auth.js';
import { bearer } from './bearer.js';
import { clientCredentialsHeader } from './client-credentials-header.js';
import { cookie } from './cookie.js';
import { jwt } from './jwt.js';
import { noAuth } from './none.js';
import { ntlm } from './ntlm.js';
import { oauth1 } from './oauth1.js';
import { oauth2AuthorizationCode } from './oauth2-authorization-code.js';
import { oauth2ClientCredentials } from './oauth2-client-credentials.js';
import type { MethodDeps } from './oauth2-grant.js';
import { oauth2Password } from './oauth2-password.js';
import { oauth2RefreshToken } from './oauth2-refresh-token.js';
import { createTokenRequester } from './token-request.js';
import { validateAuth } from './validate-auth.js';

export interface AuthMethodsDeps {
  /** Sends token requests: the outbound adapter (address policy, timeout) in production. */
  readonly fetch: OutboundFetch;
  /** Time for JWT iat/exp. */
  readonly clock: Clock;
  /** Learns every token, assertion and encoded credential the methods make, so logs never show them. */
  readonly scrubber: SecretScrubber;
  /** Per-connector pools with a client certificate or one connection (mTLS, NTLM); the outbound adapter's. */
  readonly transports?: OutboundTransports | undefined;
  /** Ferry's private_key_jwt keys (the engine's keyring). */
  readonly keys?: ClientAssertionKeys | undefined;
}

type BuildDeps = MethodDeps & {
  readonly fetch: OutboundFetch;
  readonly transports?: OutboundTransports | undefined;
};

function build(
  connector: string,
  auth: AuthConfig,
  baseUrl: string | undefined,
  deps: BuildDeps,
): AuthMethod {
  switch (auth.type) {
    case 'none':
      return noAuth();
    case 'api_key':
      return apiKey(auth);
    case 'bearer':
      return bearer(auth);
    case 'basic':
      return basic(auth, deps.scrubber);
    case 'oauth2_client_credentials':
      return withClientCertificate(connector, auth.clientCertificate, deps, (d) =>
        oauth2ClientCredentials(connector, auth, d),
      );
    case 'oauth2_refresh_token':
      return withClientCertificate(connector, auth.clientCertificate, deps, (d) =>
        oauth2RefreshToken(connector, auth, d),
      );
    case 'oauth2_password':
      return withClientCertificate(connector, auth.clientCertificate, deps, (d) =>
        oauth2Password(connector, auth, d),
      );
    case 'jwt':
      return jwt(connector, auth, deps);
    case 'oauth2_authorization_code':
      return withClientCertificate(connector, auth.clientCertificate, deps, (d) =>
        oauth2AuthorizationCode(connector, auth, d),
      );
    case 'client_certificate':
      return clientCertificateAuth(connector, auth, deps.transports);
    case 'oauth1':
      return oauth1(auth, deps);
    case 'cookie':
      return cookie(connector, auth, baseUrl, deps);
    case 'client_credentials_header':
      return clientCredentialsHeader(connector, auth, baseUrl, deps);
    case 'ntlm':
      return ntlm(connector, auth, deps);
  }
}

/** Every connector auth type of moveworks.md §3, built from an AuthConfig that passed its schema. */
export function createAuthMethods(deps: AuthMethodsDeps): AuthMethodFactory {
  const methodDeps: BuildDeps = {
    fetch: deps.fetch,
    request: createTokenRequester(deps.fetch, deps.scrubber),
    clock: deps.clock,
    scrubber: deps.scrubber,
    transports: deps.transports,
    keys: deps.keys,
  };
  return {
    create(connector, auth, baseUrl) {
      try {
        return build(connector, auth, baseUrl, methodDeps);
      } catch (e) {
        // The factories throw TypeError for inputs the schema already rules out; report them as invalid config.
        if (!(e instanceof TypeError)) throw e;
        throw new ValidationError(`connector "${connector}": ${e.message}`, [
          { path: 'auth', code: 'invalid_value', message: e.message },
        ]);
      }
    },
    validate: (auth) => Promise.resolve(validateAuth(auth)),
  };
}
