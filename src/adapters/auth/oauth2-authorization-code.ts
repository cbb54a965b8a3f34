// OAuth 2.0 authorization code grant with PKCE S256 (RFC 6749 §4.1, RFC 7636): per-user consent, refresh, revocation.
import * as oauth from 'oauth4webapi';
import type { AuthOf } from '../../core/connectors/auth-config.js';
import { OAuthError } from '../../core/errors.js';
import type { TokenAuthMethod, UserConsentMethod } from '../../core/ports/auth-method.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import { basicAuthHeader, clientIdOnly, requestBody } from './client-auth.js';
import { oauth2Grant, tokenUrlOf, withExtra, type MethodDeps } from './oauth2-grant.js';
import { revokeTokens } from './revocation.js';
import { oauth2ClientAuth } from './oauth2-client-auth.js';

/** RFC 7636 §4.2: BASE64URL(SHA256(ASCII(code_verifier))). */
export const codeChallengeS256 = (codeVerifier: string): Promise<string> =>
  oauth.calculatePKCECodeChallenge(codeVerifier);

/**
 * Tokens per end user: `obtain` only ever refreshes (the first tokens come from `consent.exchangeCode`
 * after the user consented), so a user without a stored refresh token must connect on /connections.
 */
export function oauth2AuthorizationCode(
  connector: string,
  config: AuthOf<'oauth2_authorization_code'>,
  deps: MethodDeps & { readonly fetch: OutboundFetch },
): TokenAuthMethod {
  const authorizationUrl = tokenUrlOf(config.authorizationUrl);
  const revokeUrl = config.revokeUrl === undefined ? undefined : tokenUrlOf(config.revokeUrl);
  const clientAuth = oauth2ClientAuth(connector, config, deps);
  const common = {
    connector,
    tokenUrl: config.oauth2TokenUrl,
    clientAuth,
    headers: config.additionalHeaders,
    usesRefreshToken: true,
  };
  const refresh = oauth2Grant(
    {
      ...common,
      grantType: config.customGrantType ?? 'refresh_token',
      params: (options) => {
        if (options.refreshToken === undefined)
          throw new OAuthError(
            'ERR_OAUTH_INVALID_GRANT',
            `connector "${connector}": no refresh token is stored for this user; they connect again`,
          );
        return withExtra(config.additionalRequestData, { refresh_token: options.refreshToken });
      },
      invalidGrantHint: `the user's refresh token was revoked or expired; they reconnect connector "${connector}"`,
    },
    deps.request,
  );
  const exchange = (code: string, codeVerifier: string, redirectUri: string) =>
    oauth2Grant(
      {
        ...common,
        grantType: 'authorization_code',
        params: () =>
          withExtra(config.additionalRequestData, {
            code,
            redirect_uri: redirectUri,
            code_verifier: codeVerifier,
          }),
        invalidGrantHint: 'the authorization code was already used or expired; connect again',
      },
      deps.request,
    );
  const revokeAuth = config.revokeClientAuthentication ?? config.oauth2ClientAuthentication;
  const consent: UserConsentMethod = {
    displayName: config.displayName,
    displayDescription: config.displayDescription,
    instructionsUrl: config.instructionsUrl,
    async authorizationUrl(req) {
      const url = new URL(authorizationUrl);
      for (const [k, v] of Object.entries(config.authorizationRequestQueryParameters ?? {}))
        url.searchParams.set(k, v);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', req.redirectUri);
      if (config.scope) url.searchParams.set('scope', config.scope);
      url.searchParams.set('state', req.state);
      url.searchParams.set('code_challenge', await codeChallengeS256(req.codeVerifier));
      url.searchParams.set('code_challenge_method', 'S256');
      return url;
    },
    exchangeCode: (x) =>
      exchange(x.code, x.codeVerifier, x.redirectUri).obtain(x.signal ? { signal: x.signal } : {}),
    async revoke(tokens) {
      if (revokeUrl === undefined) return { ok: false, steps: ['no Revoke URL is configured'] };
      const secret = config.clientSecret;
      const choice =
        secret === undefined
          ? clientIdOnly(config.clientId)
          : revokeAuth === 'request_body'
            ? requestBody(config.clientId, secret)
            : basicAuthHeader(config.clientId, secret);
      return revokeTokens(
        { revokeUrl, tokenKey: config.revocationTokenKey, clientAuth: choice },
        deps.fetch,
        tokens,
      );
    },
  };
  return { ...refresh, consent };
}
