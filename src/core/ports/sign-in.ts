// The sign-in port: the organisation's OpenID Connect provider, as the end-user pages use it.
import type { AuthorizationRequest } from './auth-method.js';

export interface SignInProvider {
  /** The provider's authorization URL (scope `openid email`, PKCE S256, `state`). */
  authorizationUrl(req: AuthorizationRequest): Promise<URL>;
  /**
   * Checks the callback URL against `state`, exchanges its code with the verifier, validates the ID token
   * (issuer, audience, signature, expiry) and resolves the user's email. Rejects with EndUserError
   * ERR_USER_SIGN_IN_FAILED, or OAuthError ERR_OAUTH_CONSENT_DENIED when the provider returned an error.
   */
  finish(callback: URL, state: string, codeVerifier: string, redirectUri: string): Promise<string>;
}
