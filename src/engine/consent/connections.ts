// End users' connections to per-user connectors: list, connect (authorization code + PKCE), callback, revoke.
import type { Connector } from '../../core/connectors/connector.js';
import { NotFoundError, OAuthError, providerErrorCode } from '../../core/errors.js';
import type { ConnectionStatus, ConnectorAuthProvider, ConnectorConsent } from '../../core/ports/auth.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import type { AuthorizationStates } from './authorization-states.js';
import type { ConnectorService } from '../connectors/connector-service.js';

export interface Connection {
  readonly connector: string;
  readonly displayName: string;
  readonly description: string;
  readonly status: ConnectionStatus;
}

export interface ConnectionsDeps {
  readonly connectors: ConnectorService;
  readonly auth: ConnectorAuthProvider;
  readonly states: AuthorizationStates;
  readonly scrubber: SecretScrubber;
  /** The redirect URI registered at providers: `<public URL>/auth/oauthCallback`. */
  readonly redirectUri: () => string;
}

/** What the provider put in the callback query (RFC 6749 §4.1.2 and §4.1.2.1). */
export interface CallbackParams {
  readonly state?: string | undefined;
  readonly code?: string | undefined;
  readonly error?: string | undefined;
}

export interface Revocation {
  readonly connector: string;
  readonly revoked: boolean;
  readonly instructionsUrl: string | undefined;
}

export class Connections {
  constructor(private readonly deps: ConnectionsDeps) {}

  /** Every connector that needs the user's consent, with where the user stands. */
  async list(user: string): Promise<Connection[]> {
    const out: Connection[] = [];
    for (const connector of await this.deps.connectors.list()) {
      const consent = this.deps.auth.forConnector(connector).consent;
      if (consent === undefined) continue;
      out.push({
        connector: connector.name,
        displayName: consent.displayName ?? connector.name,
        description: consent.displayDescription ?? connector.description,
        status: await consent.status(user),
      });
    }
    return out;
  }

  /** The provider URL the user's browser goes to; the state is bound to `user` and works once. */
  async connect(user: string, connectorName: string): Promise<URL> {
    const consent = await this.consentOf(connectorName);
    const { state, codeVerifier } = await this.deps.states.begin('connect', user, connectorName);
    return consent.authorizationUrl({ state, codeVerifier, redirectUri: this.deps.redirectUri() });
  }

  /** Checks the state, then the provider's answer, then exchanges the code; resolves the connector's name. */
  async callback(user: string, params: CallbackParams): Promise<string> {
    const { connector, codeVerifier } = await this.deps.states.take(params.state, {
      purpose: 'connect',
      email: user,
    });
    if (params.error !== undefined) {
      const code = providerErrorCode(params.error);
      throw new OAuthError('ERR_OAUTH_CONSENT_DENIED', `the provider did not grant access (${code})`, {
        details: { connector, error: code },
      });
    }
    if (params.code === undefined || params.code === '')
      throw new OAuthError('ERR_OAUTH_STATE_INVALID', 'the callback carries neither a code nor an error');
    this.deps.scrubber.addShortLived(params.code, codeVerifier);
    const consent = await this.consentOf(connector);
    await consent.complete(user, params.code, codeVerifier, this.deps.redirectUri());
    return connector;
  }

  async revoke(user: string, connectorName: string): Promise<Revocation> {
    const consent = await this.consentOf(connectorName);
    const outcome = await consent.revoke(user);
    return { connector: connectorName, revoked: outcome.ok, instructionsUrl: consent.instructionsUrl };
  }

  private async consentOf(name: string): Promise<ConnectorConsent> {
    const connector: Connector = await this.deps.connectors.get(name);
    const consent = this.deps.auth.forConnector(connector).consent;
    if (consent === undefined)
      throw new NotFoundError(
        'ERR_CONNECTOR_NOT_FOUND',
        `connector "${name}" does not ask users for consent`,
      );
    return consent;
  }
}
