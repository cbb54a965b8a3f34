// End-user sign-in through the organisation's OpenID Connect provider (OIDC Core §3.1) with oauth4webapi.
import * as oauth from 'oauth4webapi';
import { EndUserError, OAuthError, providerErrorCode } from '../../core/errors.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import type { SignInProvider } from '../../core/ports/sign-in.js';
import { codeChallengeS256 } from './oauth2-authorization-code.js';

export interface OidcSignInSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch: OutboundFetch;
}

const failed = (why: string, cause?: unknown): EndUserError =>
  new EndUserError('ERR_USER_SIGN_IN_FAILED', `sign-in with the organisation's provider failed: ${why}`, {
    cause,
  });

/** A provider error code is shown to the user; anything but a plain token is replaced. */
/** The provider's metadata is discovered on first use (RFC 8414 / OIDC Discovery) and then kept. */
export function oidcSignIn(settings: OidcSignInSettings): SignInProvider {
  const issuer = new URL(settings.issuer);
  const client: oauth.Client = { client_id: settings.clientId };
  const clientAuth = oauth.ClientSecretBasic(settings.clientSecret);
  const options = {
    [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) =>
      settings.fetch(url, init as RequestInit),
    // Plain http only for local and test providers; the config schema limits the issuer to http(s).
    [oauth.allowInsecureRequests]: issuer.protocol === 'http:',
  };
  let metadata: Promise<oauth.AuthorizationServer> | undefined;
  const discover = (): Promise<oauth.AuthorizationServer> => {
    metadata ??= oauth
      .discoveryRequest(issuer, options)
      .then((response) => oauth.processDiscoveryResponse(issuer, response))
      .catch((e: unknown) => {
        metadata = undefined;
        throw failed(`could not read the provider's metadata at ${issuer.origin}`, e);
      });
    return metadata;
  };

  return {
    async authorizationUrl(req) {
      const as = await discover();
      if (as.authorization_endpoint === undefined) throw failed('the provider has no authorization endpoint');
      const url = new URL(as.authorization_endpoint);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('redirect_uri', req.redirectUri);
      url.searchParams.set('scope', 'openid email');
      url.searchParams.set('state', req.state);
      url.searchParams.set('code_challenge', await codeChallengeS256(req.codeVerifier));
      url.searchParams.set('code_challenge_method', 'S256');
      return url;
    },
    async finish(callback, state, codeVerifier, redirectUri) {
      const as = await discover();
      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(as, client, callback, state);
      } catch (e) {
        if (e instanceof oauth.AuthorizationResponseError)
          throw new OAuthError(
            'ERR_OAUTH_CONSENT_DENIED',
            `the provider did not sign you in (${providerErrorCode(e.error)})`,
            { details: { error: providerErrorCode(e.error) } },
          );
        throw failed('the callback does not fit the request', e);
      }
      let claims: { email?: unknown; email_verified?: unknown } | undefined;
      try {
        const response = await oauth.authorizationCodeGrantRequest(
          as,
          client,
          clientAuth,
          params,
          redirectUri,
          codeVerifier,
          options,
        );
        const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
          requireIdToken: true,
        });
        const idToken = oauth.getValidatedIdTokenClaims(result);
        claims = idToken as { email?: unknown; email_verified?: unknown } | undefined;
        // Providers may keep scope claims out of the ID token (OIDC Core §5.4); then UserInfo has them.
        if (idToken !== undefined && idToken.email === undefined && as.userinfo_endpoint !== undefined) {
          const info = await oauth.userInfoRequest(as, client, result.access_token, options);
          claims = await oauth.processUserInfoResponse(as, client, idToken.sub, info);
        }
      } catch (e) {
        // Messages of the library name the property at fault, never a token value; the cause may hold one.
        throw failed(e instanceof Error ? e.message : 'the token response was refused');
      }
      const email = claims?.email;
      if (typeof email !== 'string' || email === '' || claims?.email_verified === false)
        throw failed('the ID token carries no verified email claim');
      return email.toLowerCase();
    },
  };
}
