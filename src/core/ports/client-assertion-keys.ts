// The port for the keys Ferry signs private_key_jwt client assertions with (RFC 7523 §2.2, OIDC Core §9).
import type { ClientAssertionAlgorithm } from '../connectors/oauth2-client-auth.js';

/** A public JWK (RFC 7517 §4) as published: kty, kid, alg, use and the public members only. */
export type PublicJwk = Readonly<Record<string, unknown>> & { readonly kid: string };

export interface ClientAssertionKey {
  /** The JWK thumbprint (RFC 7638), put in the assertion's `kid` header. */
  readonly kid: string;
  readonly alg: ClientAssertionAlgorithm;
  /** The private JWK; it leaves the keyring only to sign. */
  readonly privateJwk: Readonly<Record<string, unknown>>;
}

/** A new key pair; made by the auth adapter (jose), kept by the engine (sealed). */
export interface GeneratedKey extends ClientAssertionKey {
  readonly publicJwk: PublicJwk;
}

export type KeyPairGenerator = (alg: ClientAssertionAlgorithm) => Promise<GeneratedKey>;

/**
 * What the auth methods need: the connector's current signing key for `alg`, made on first use. A connector
 * keeps its key across restarts and processes until it is rotated.
 */
export interface ClientAssertionKeys {
  current(connector: string, alg: ClientAssertionAlgorithm): Promise<ClientAssertionKey>;
}
