// Client authentication at the token endpoint (RFC 6749 §2.3.1), and the blank setting: Basic first, then body.
import * as oauth from 'oauth4webapi';
import type { ClientAuthentication } from '../../core/connectors/auth-config.js';
import { OAuthError } from '../../core/errors.js';
import type { ObtainedToken } from '../../core/ports/auth-method.js';
import type { ClientAuthChoice } from './token-request.js';

/**
 * RFC 6749 §2.3.1 HTTP Basic: client_id and secret are application/x-www-form-urlencoded (Appendix B)
 * before they are joined with ":" and base64-encoded; oauth4webapi's ClientSecretBasic does exactly that.
 */
export const basicAuthHeader = (clientId: string, clientSecret: string): ClientAuthChoice => ({
  name: 'client_secret_basic',
  clientId,
  auth: oauth.ClientSecretBasic(clientSecret),
});

/** RFC 6749 §2.3.1 request body: `client_id` and `client_secret` form fields. */
export const requestBody = (clientId: string, clientSecret: string): ClientAuthChoice => ({
  name: 'client_secret_post',
  clientId,
  auth: oauth.ClientSecretPost(clientSecret),
});

/** A public client (RFC 6749 §2.1): only `client_id` in the body. */
export const clientIdOnly = (clientId: string): ClientAuthChoice => ({
  name: 'none',
  clientId,
  auth: oauth.None(),
});

/** No client authentication at all (RFC 7523 §3.1 allows it for the JWT bearer grant). */
export const NO_CLIENT_AUTH: ClientAuthChoice = {
  name: 'no_client_auth',
  clientId: 'ferry',
  auth: () => undefined,
};

/** Runs a token request with some client authentication and returns its token. */
export type ClientAuthRunner = (
  attempt: (choice: ClientAuthChoice) => Promise<ObtainedToken>,
) => Promise<ObtainedToken>;

export const fixedClientAuth =
  (choice: ClientAuthChoice): ClientAuthRunner =>
  (attempt) =>
    attempt(choice);

const isInvalidClient = (e: unknown): e is OAuthError =>
  e instanceof OAuthError && e.code === 'ERR_OAUTH_INVALID_CLIENT';

export interface ClientSecretSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Absent: try `basic_auth_header`, then `request_body`, one request at a time. */
  readonly oauth2ClientAuthentication?: ClientAuthentication | undefined;
}

/**
 * The configured method, or when blank: Basic first and the request body only after invalid_client / 401,
 * remembering (in memory, per connector) whichever worked so later token requests go straight to it.
 */
export function clientSecretAuth(settings: ClientSecretSettings): ClientAuthRunner {
  const basic = basicAuthHeader(settings.clientId, settings.clientSecret);
  const body = requestBody(settings.clientId, settings.clientSecret);
  if (settings.oauth2ClientAuthentication === 'basic_auth_header') return fixedClientAuth(basic);
  if (settings.oauth2ClientAuthentication === 'request_body') return fixedClientAuth(body);

  let remembered: ClientAuthChoice | undefined;
  return async (attempt) => {
    if (remembered !== undefined) return attempt(remembered);
    let first: OAuthError;
    try {
      const token = await attempt(basic);
      remembered = basic;
      return token;
    } catch (e) {
      if (!isInvalidClient(e)) throw e;
      first = e;
    }
    try {
      const token = await attempt(body);
      remembered = body;
      const refused = first.details?.step;
      return {
        ...token,
        steps: [typeof refused === 'string' ? refused : 'client_secret_basic refused', ...token.steps],
      };
    } catch (e) {
      if (!isInvalidClient(e)) throw e;
      throw new OAuthError(
        'ERR_OAUTH_INVALID_CLIENT',
        `${e.message} (tried client_secret_basic, then client_secret_post)`,
        {
          ...(e.details ? { details: e.details } : {}),
        },
      );
    }
  };
}
