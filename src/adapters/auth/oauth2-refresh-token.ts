// OAuth 2.0 refresh token grant (RFC 6749 §6): access tokens from a long-lived refresh token, kept when rotated.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { TokenAuthMethod } from '../../core/ports/auth-method.js';
import { oauth2Grant, withExtra, type MethodDeps } from './oauth2-grant.js';
import { oauth2ClientAuth } from './oauth2-client-auth.js';

/**
 * `grant_type=refresh_token&refresh_token=...` with optional `scope`. The engine passes the stored refresh
 * token when it has one: a server that rotates (RFC 9700 §4.14.2) invalidates the configured one after use.
 */
export function oauth2RefreshToken(
  connector: string,
  config: AuthOf<'oauth2_refresh_token'>,
  deps: MethodDeps,
): TokenAuthMethod {
  return oauth2Grant(
    {
      connector,
      tokenUrl: config.oauth2TokenUrl,
      grantType: config.customGrantType ?? 'refresh_token',
      clientAuth: oauth2ClientAuth(connector, config, deps),
      params: (options) =>
        withExtra(config.additionalRequestData, {
          scope: config.scope,
          refresh_token: options.refreshToken ?? config.refreshToken,
        }),
      headers: config.additionalHeaders,
      usesRefreshToken: true,
      invalidGrantHint:
        'the refresh token was revoked, expired or already used; ' +
        `update the Refresh Token of connector "${connector}" with a new one from the provider`,
    },
    deps.request,
  );
}
