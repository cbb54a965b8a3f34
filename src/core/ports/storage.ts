// The storage port: what Ferry keeps, independent of SQLite or PostgreSQL.
// Every method is atomic on its own; none spans a caller-held transaction, so backends stay simple to prove.
import type { NamedStore } from './named-store.js';
import type { EndUserStorage } from './end-user-storage.js';

import type { CollectionStore, DeliveryStore, SubscriptionStore } from './delivery-storage.js';

/** A connector as stored: the auth JSON already has its secret fields sealed by the Sealer. */
export interface StoredConnector {
  readonly name: string;
  readonly description: string;
  readonly baseUrl: string;
  readonly authJson: string;
  readonly testPath: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredAction {
  readonly name: string;
  readonly connector: string;
  /** The action definition (method, endpoint, headers, query, body, ...) as JSON. */
  readonly definitionJson: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface StoredApiToken {
  readonly id: string;
  readonly name: string;
  /** SHA-256 of the token, hex. The token itself is never stored. */
  readonly hash: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/**
 * Token state kept for a connector (and later per user): the sealed access and refresh tokens.
 * `generation` increases on every write so concurrent refreshers can compare-and-set.
 */
export interface StoredCredential {
  readonly connector: string;
  /** '' for the connector's own credentials; a user's email for per-user tokens. */
  readonly subject: string;
  readonly sealedJson: string;
  readonly expiresAt: number | null;
  readonly generation: number;
  readonly needsReauth: boolean;
  readonly updatedAt: string;
}

/** Connectors by name; deleting one also deletes its credentials. */
export type ConnectorStore = NamedStore<StoredConnector>;

export interface ActionStore extends NamedStore<StoredAction> {
  /** Names of actions that use the connector. */
  usingConnector(connector: string): Promise<string[]>;
}

export interface ApiTokenStore {
  insert(row: StoredApiToken): Promise<void>;
  findByHash(hash: string): Promise<StoredApiToken | undefined>;
  list(): Promise<StoredApiToken[]>;
  /** Resolves false when no such unrevoked token exists. */
  revoke(id: string, at: string): Promise<boolean>;
  touch(id: string, at: string): Promise<void>;
  count(): Promise<number>;
}

export interface CredentialStore {
  get(connector: string, subject: string): Promise<StoredCredential | undefined>;
  /**
   * Writes `next` only if the stored generation still equals `expectedGeneration` (0 = no row yet).
   * Resolves false when another writer got there first; the caller re-reads.
   */
  compareAndSet(next: Omit<StoredCredential, 'generation'>, expectedGeneration: number): Promise<boolean>;
  delete(connector: string, subject?: string): Promise<void>;
}

/** A sealed value anywhere in the database, for key rotation. */
export interface SealedCell {
  readonly table: string;
  readonly key: string;
  readonly value: string;
}

export interface Storage {
  readonly kind: 'sqlite' | 'postgres';
  readonly connectors: ConnectorStore;
  readonly actions: ActionStore;
  readonly apiTokens: ApiTokenStore;
  readonly credentials: CredentialStore;
  readonly subscriptions: SubscriptionStore;
  readonly delivery: DeliveryStore;
  readonly collections: CollectionStore;
  /** End-user sessions, sign-in links, authorization states and action launch audiences. */
  readonly endUsers: EndUserStorage;
  /**
   * Rewrites every sealed string in the database through `reseal`, in batches, each batch atomic.
   * A value `reseal` returns unchanged is left as it is. Resolves the number of values rewritten.
   */
  resealAll(reseal: (sealed: string) => string): Promise<number>;
  /** Applies pending migrations; safe to call on every start. Resolves the schema version. */
  migrate(): Promise<number>;
  /** True when the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
