// The auth method port: what one connector auth type does, so the engine runs any of them without knowing which.
import type { AuthConfig } from '../connectors/auth-config.js';
import type { Issue } from '../errors.js';
import type { OutboundTransport } from './outbound.js';
import type { PreparedRequest } from './prepared-request.js';

/**
 * Present when the connector's requests must go through a transport of the method's own instead of the shared
 * one: a client certificate (mutual TLS), or NTLM's handshake bound to one connection. Closed when forgotten.
 */
interface OwnTransport {
  readonly transport?: OutboundTransport | undefined;
}

/** Credentials that never change (API key, Basic, fixed bearer): applied as they are, nothing to refresh. */
export interface StaticAuthMethod extends OwnTransport {
  readonly kind: 'static';
  /** Adds the credentials to `req` in place. */
  apply(req: PreparedRequest): void;
  /** What `apply` adds, secrets masked, e.g. `header X-Api-Key: [REDACTED]`. */
  describe(): string;
}

/** A token as a method obtained it, from a token endpoint or signed locally. */
export interface ObtainedToken {
  readonly accessToken: string;
  /** The token type the server named (`bearer`); informational, `apply` decides how the token is sent. */
  readonly tokenType: string;
  /** Lifetime in seconds (`expires_in`, RFC 6749 §5.1); absent when the server gave none. */
  readonly expiresInSeconds?: number | undefined;
  /** A refresh token from the response: new, or rotated (RFC 6749 §6, RFC 9700 §4.14.2). */
  readonly refreshToken?: string | undefined;
  /** What was sent and answered, one line per HTTP request (or signing), secrets masked. */
  readonly steps: readonly string[];
}

export interface ObtainOptions {
  /** The refresh token to spend instead of the configured one: the stored, rotated one. */
  readonly refreshToken?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What an authorization request and the exchange of its code both carry (RFC 7636 §4.1, RFC 6749 §4.1.3). */
interface PkceRedirect {
  /** The PKCE code verifier; only its S256 challenge leaves Ferry with the authorization request. */
  readonly codeVerifier: string;
  readonly redirectUri: string;
}

/** What the authorization request carries besides the client's own settings (RFC 6749 §4.1.1, RFC 7636 §4.3). */
export interface AuthorizationRequest extends PkceRedirect {
  readonly state: string;
}

export interface CodeExchange extends PkceRedirect {
  readonly code: string;
  readonly signal?: AbortSignal | undefined;
}

/** What a revocation did, secrets masked; `ok` false when the revoke URL refused or could not be reached. */
export interface RevocationOutcome {
  readonly ok: boolean;
  readonly steps: readonly string[];
}

/** The end-user half of the authorization code grant: consent in the browser, code exchange, revocation. */
export interface UserConsentMethod {
  /** Consent screen texts shown on /connections. */
  readonly displayName: string | undefined;
  readonly displayDescription: string | undefined;
  /** Where users revoke by hand when revocation fails. */
  readonly instructionsUrl: string | undefined;
  /** The provider's authorization URL with client_id, scope, state and the S256 challenge. */
  authorizationUrl(req: AuthorizationRequest): Promise<URL>;
  /** Exchanges the code with its PKCE verifier (RFC 6749 §4.1.3); rejects with OAuthError. */
  exchangeCode(exchange: CodeExchange): Promise<ObtainedToken>;
  /** RFC 7009: revokes each token given; never rejects. Without a revoke URL, `ok` is false. */
  revoke(tokens: {
    readonly refreshToken?: string | undefined;
    readonly accessToken?: string | undefined;
  }): Promise<RevocationOutcome>;
}

/**
 * Credentials that are tokens. The method only obtains and applies them; caching, refresh before expiry,
 * single-flight, persistence and 401 handling belong to the engine's token lifecycle.
 */
export interface TokenAuthMethod extends OwnTransport {
  readonly kind: 'token';
  /** True when tokens are made locally (a self-signed JWT): kept in memory only, never stored. */
  readonly local: boolean;
  /** True when `obtain` spends a refresh token, so the engine must keep the rotated one it returns. */
  readonly usesRefreshToken: boolean;
  /** Present for per-user tokens: each end user consents, and tokens are kept per user (subject = email). */
  readonly consent?: UserConsentMethod | undefined;
  /** Rejects with OAuthError (never with a secret in its message, details or cause). */
  obtain(options?: ObtainOptions): Promise<ObtainedToken>;
  /** Adds `accessToken` to `req` in place (RFC 6750 §2.1 `Authorization: Bearer`). */
  apply(req: PreparedRequest, accessToken: string): void;
}

export type AuthMethod = StaticAuthMethod | TokenAuthMethod;

/** Builds the auth method of a connector; implemented by the auth adapters, used by the engine. */
export interface AuthMethodFactory {
  /**
   * The method for an auth config that passed its schema. Throws FerryError when the config still cannot
   * work (a key that does not parse). `connector` names the connector in error messages; `baseUrl` is the
   * connector's, which login and token URLs given as paths are resolved against.
   */
  create(connector: string, auth: AuthConfig, baseUrl?: string): AuthMethod;
  /** Checks what the schema cannot (keys parse and fit the algorithm); paths like `auth.privateKey`. */
  validate(auth: AuthConfig): Promise<Issue[]>;
}
