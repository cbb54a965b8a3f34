// The JWKS Ferry publishes for private_key_jwt connectors, and key rotation per connector.
import type { AuthConfig, AuthOf } from '../../core/connectors/auth-config.js';
import type { ClientAssertionAlgorithm } from '../../core/connectors/oauth2-client-auth.js';
import { ConflictError } from '../../core/errors.js';
import type { PublicJwk } from '../../core/ports/client-assertion-keys.js';
import type { AssertionKeyring, RotationResult } from './assertion-keyring.js';
import type { ConnectorService } from './connector-service.js';

/** Defaults of the private_key_jwt fields (the adapter signs with the same). */
const DEFAULT_ALG: ClientAssertionAlgorithm = 'RS256';
const DEFAULT_LIFETIME_SECONDS = 60;

/** The algorithm and assertion lifetime of a connector that signs client assertions, else undefined. */
export function assertionSettings(
  auth: AuthConfig,
): { readonly alg: ClientAssertionAlgorithm; readonly lifetimeSeconds: number } | undefined {
  const grants = [
    'oauth2_client_credentials',
    'oauth2_refresh_token',
    'oauth2_password',
    'oauth2_authorization_code',
  ];
  if (!grants.includes(auth.type)) return undefined;
  const grant = auth as AuthOf<'oauth2_client_credentials'>;
  if (grant.oauth2ClientAuthentication !== 'private_key_jwt') return undefined;
  return {
    alg: grant.clientAssertionAlgorithm ?? DEFAULT_ALG,
    lifetimeSeconds: grant.clientAssertionLifetimeSeconds ?? DEFAULT_LIFETIME_SECONDS,
  };
}

export class ConnectorKeys {
  constructor(
    private readonly connectors: ConnectorService,
    private readonly keyring: AssertionKeyring,
  ) {}

  /**
   * RFC 7517 §5 JWK Set of every private_key_jwt connector: each one's current key (made now when it has none,
   * so the set can be registered before the first token request) and the retired keys still overlapping.
   */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    const keys: PublicJwk[] = [];
    for (const connector of await this.connectors.list()) {
      const settings = assertionSettings(connector.auth);
      if (settings === undefined) continue;
      await this.keyring.current(connector.name, settings.alg);
      keys.push(...(await this.keyring.published(connector.name)));
    }
    return { keys };
  }

  /** A new signing key for the connector; the old one stays published until its assertions have expired. */
  async rotate(name: string): Promise<RotationResult> {
    const connector = await this.connectors.get(name);
    const settings = assertionSettings(connector.auth);
    if (settings === undefined)
      throw new ConflictError(
        'ERR_CONNECTOR_NO_SIGNING_KEY',
        `connector "${name}" does not sign client assertions; set oauth2ClientAuthentication to private_key_jwt`,
      );
    return this.keyring.rotate(name, settings.alg, settings.lifetimeSeconds);
  }
}
