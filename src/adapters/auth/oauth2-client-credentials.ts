// OAuth 2.0 client credentials grant (RFC 6749 §4.4): the connector's own token, no user involved.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { TokenAuthMethod } from '../../core/ports/auth-method.js';
import { oauth2Grant, withExtra, type MethodDeps } from './oauth2-grant.js';
import { oauth2ClientAuth } from './oauth2-client-auth.js';

/**
 * §4.4.2 request: `grant_type=client_credentials` (or Custom Grant Type), `scope` from Client Credentials
 * Grant Scope (space separated, optional), plus Additional Request Data; client authentication per §2.3.1.
 */
export function oauth2ClientCredentials(
  connector: string,
  config: AuthOf<'oauth2_client_credentials'>,
  deps: MethodDeps,
): TokenAuthMethod {
  const params = withExtra(config.additionalRequestData, { scope: config.clientCredentialsGrantScope });
  return oauth2Grant(
    {
      connector,
      tokenUrl: config.oauth2TokenUrl,
      grantType: config.customGrantType ?? 'client_credentials',
      clientAuth: oauth2ClientAuth(connector, config, deps),
      params: () => params,
      headers: config.additionalHeaders,
      usesRefreshToken: false,
      invalidGrantHint: `check the Custom Grant Type and Additional Request Data of connector "${connector}"`,
    },
    deps.request,
  );
}
