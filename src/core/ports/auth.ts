// The auth port: how the rest of Ferry puts a connector's credentials on a request, whatever the method.
import type { AuthConfig } from '../connectors/auth-config.js';
import type { Connector } from '../connectors/connector.js';
import type { Issue } from '../errors.js';
import type { OutboundFetch } from './outbound.js';
import type { RevocationOutcome, UserConsentMethod } from './auth-method.js';
import type { PreparedRequest } from './prepared-request.js';

export type { PreparedRequest };

export interface AuthContext {
  /** The end user the request runs for (per-user tokens, later); absent for the connector's own credentials. */
  readonly user?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** Opaque handle naming the credential a request carried, so a 401 invalidates exactly that one. */
export interface AppliedCredential {
  readonly generation: number;
}

export interface AuthCheck {
  /** What was done to obtain credentials, secrets masked, e.g. `POST https://idp/token (client_secret_basic) → 200`. */
  readonly steps: readonly string[];
  /** Seconds until the credential expires, when known. */
  readonly expiresInSeconds?: number | undefined;
}

/** Where one end user stands with a per-user connector. */
export type ConnectionStatus = 'connected' | 'needs_reconnect' | 'not_connected';

/**
 * The per-user side of a connector whose auth type needs each end user's consent: the method's consent screen
 * and authorization URL as they are, with the token handling done for the user.
 */
export interface ConnectorConsent extends Pick<
  UserConsentMethod,
  'displayName' | 'displayDescription' | 'instructionsUrl' | 'authorizationUrl'
> {
  /** Exchanges the code and stores the user's tokens (sealed), replacing what they had. */
  complete(user: string, code: string, codeVerifier: string, redirectUri: string): Promise<void>;
  /** Revokes at the provider (RFC 7009) and deletes the user's tokens whatever the outcome. */
  revoke(user: string): Promise<RevocationOutcome>;
  status(user: string): Promise<ConnectionStatus>;
}

export interface ConnectorAuth {
  /** Present when the connector's requests must be sent through it (client certificate, NTLM), not the shared fetch. */
  readonly fetch?: OutboundFetch | undefined;
  /** Present when tokens are per end user (authorization code): `authorize` then needs `ctx.user`. */
  readonly consent?: ConnectorConsent | undefined;
  /** Adds credentials to `req`, obtaining or refreshing a token first when the method uses one. */
  authorize(req: PreparedRequest, ctx?: AuthContext): Promise<AppliedCredential>;
  /**
   * The API answered 401 to a request that carried `applied`. Drops that credential and resolves true when a
   * different one can be obtained (so one retry makes sense), false for static credentials.
   */
  rejected(applied: AppliedCredential, ctx?: AuthContext): Promise<boolean>;
  /** Obtains credentials now (a token request where the method has one) and reports what it did. */
  check(ctx?: AuthContext): Promise<AuthCheck>;
}

export interface ConnectorAuthProvider {
  /** Checks what the schema cannot: a PEM that parses, an algorithm that fits the key. Empty when fine. */
  validate(auth: AuthConfig): Promise<Issue[]>;
  /** The auth for a connector, kept (with its token cache) until `forget` is called for that name. */
  forConnector(connector: Connector): ConnectorAuth;
  /** Drops cached state after the connector changed or was deleted. */
  forget(name: string): void;
}
