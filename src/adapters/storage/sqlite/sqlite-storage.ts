// The embedded default storage: one SQLite file (WAL mode) through better-sqlite3, composed of one store a file.
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type {
  ActionStore,
  ApiTokenStore,
  ConnectorStore,
  CredentialStore,
  Storage,
} from '../../../core/ports/storage.js';
import type {
  CollectionStore,
  DeliveryStore,
  SubscriptionStore,
} from '../../../core/ports/delivery-storage.js';
import type { EndUserStorage } from '../../../core/ports/end-user-storage.js';
import { sqliteApiTokens } from './sqlite-api-tokens.js';
import { sqliteActions, sqliteConnectors } from './sqlite-connectors.js';
import { sqliteCredentials } from './sqlite-credentials.js';
import { sqliteDelivery } from './sqlite-delivery.js';
import { createSqliteEndUserStorage } from './sqlite-end-user-storage.js';
import { migrateSqlite, resealSqlite } from './sqlite-schema.js';
import { sqliteCollections, sqliteSubscriptions } from './sqlite-subscriptions.js';

/** A connection to Ferry's database file with the settings every connection to it uses (see the comments). */
function openSqliteFile(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // Sealed secrets and token hashes live here; the WAL and shared-memory files inherit this mode.
  if (file !== ':memory:') chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  // FULL: every commit syncs the WAL, so an accepted Message (a 202) and a recorded claim survive a power loss
  // (NORMAL syncs only at checkpoints and may lose the last commits). Commits are grouped already: a bulk
  // upload's batch, and a dispatcher turn's claims and attempt ends, each share one.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // SQLite's own default page cache, 2 MB a connection: better-sqlite3 builds SQLite with 16 MB, which each
  // connection (one a thread) filled as the outbox grew, so Ferry's memory grew with its backlog.
  // Peak RSS of `ferry serve` with 200,000 Messages queued: 244 -> 219 MB (235 -> 217 MB with 50,000).
  db.pragma('cache_size = -2000');
  return db;
}

interface DeliveryStores {
  readonly subscriptions: SubscriptionStore;
  readonly delivery: DeliveryStore;
  readonly collections: CollectionStore;
}

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  readonly connectors: ConnectorStore;
  readonly actions: ActionStore;
  readonly apiTokens: ApiTokenStore;
  readonly credentials: CredentialStore;
  readonly endUsers: EndUserStorage;
  private delivered: DeliveryStores | undefined;
  private readonly db: Database.Database;

  /** The database file in a data directory, for every connection that opens it (main and dispatch thread). */
  static fileIn(dataDir: string): string {
    return join(resolve(dataDir), 'ferry.db');
  }

  constructor(file: string) {
    this.db = openSqliteFile(file);
    this.endUsers = createSqliteEndUserStorage(this.db);
    this.connectors = sqliteConnectors(this.db);
    this.actions = sqliteActions(this.db);
    this.apiTokens = sqliteApiTokens(this.db);
    this.credentials = sqliteCredentials(this.db);
  }

  /** Statements are prepared against tables that exist only after `migrate()`. */
  get subscriptions(): SubscriptionStore {
    return this.deliveryStores().subscriptions;
  }

  get delivery(): DeliveryStore {
    return this.deliveryStores().delivery;
  }

  get collections(): CollectionStore {
    return this.deliveryStores().collections;
  }

  private deliveryStores(): DeliveryStores {
    this.delivered ??= {
      subscriptions: sqliteSubscriptions(this.db),
      delivery: sqliteDelivery(this.db),
      collections: sqliteCollections(this.db),
    };
    return this.delivered;
  }

  migrate(): Promise<number> {
    return Promise.resolve(migrateSqlite(this.db));
  }

  resealAll(reseal: (sealed: string) => string): Promise<number> {
    return Promise.resolve(resealSqlite(this.db, reseal));
  }

  ping(): Promise<boolean> {
    return Promise.resolve(this.db.prepare('SELECT 1 AS ok').get() !== undefined);
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}
