// The embedded default storage: one SQLite file (WAL mode) through better-sqlite3.
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SEALED_PATTERN } from '../../../core/ports/sealer.js';
import type {
  ActionStore,
  ApiTokenStore,
  ConnectorStore,
  CredentialStore,
  Storage,
  StoredAction,
  StoredApiToken,
  StoredConnector,
  StoredCredential,
} from '../../../core/ports/storage.js';
import type {
  CollectionStore,
  DeliveryStore,
  SubscriptionStore,
} from '../../../core/ports/delivery-storage.js';
import { MIGRATIONS, SEALED_COLUMNS } from '../migrations.js';
import { sqliteDelivery } from './sqlite-delivery.js';
import { unlessTaken } from './sqlite-errors.js';
import { sqliteCollections, sqliteSubscriptions } from './sqlite-subscriptions.js';
import type { EndUserStorage } from '../../../core/ports/end-user-storage.js';
import { createSqliteEndUserStorage } from './sqlite-end-user-storage.js';

type Row = Record<string, unknown>;

interface DeliveryStores {
  readonly subscriptions: SubscriptionStore;
  readonly delivery: DeliveryStore;
  readonly collections: CollectionStore;
}

const connectorFromRow = (r: Row): StoredConnector => ({
  name: r.name as string,
  description: r.description as string,
  baseUrl: r.base_url as string,
  authJson: r.auth_json as string,
  testPath: (r.test_path as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const actionFromRow = (r: Row): StoredAction => ({
  name: r.name as string,
  connector: r.connector as string,
  definitionJson: r.definition_json as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const tokenFromRow = (r: Row): StoredApiToken => ({
  id: r.id as string,
  name: r.name as string,
  hash: r.hash as string,
  createdAt: r.created_at as string,
  lastUsedAt: (r.last_used_at as string | null) ?? null,
  revokedAt: (r.revoked_at as string | null) ?? null,
});

const credentialFromRow = (r: Row): StoredCredential => ({
  connector: r.connector as string,
  subject: r.subject as string,
  sealedJson: r.sealed_json as string,
  expiresAt: (r.expires_at as number | null) ?? null,
  generation: r.generation as number,
  needsReauth: r.needs_reauth === 1,
  updatedAt: r.updated_at as string,
});

export class SqliteStorage implements Storage {
  readonly kind = 'sqlite' as const;
  readonly connectors: ConnectorStore;
  readonly actions: ActionStore;
  readonly apiTokens: ApiTokenStore;
  readonly credentials: CredentialStore;
  private delivered: DeliveryStores | undefined;
  readonly endUsers: EndUserStorage;
  private readonly db: Database.Database;

  /** The database file in a data directory, for every connection that opens it (main and dispatch thread). */
  static fileIn(dataDir: string): string {
    return join(resolve(dataDir), 'ferry.db');
  }

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // Sealed secrets and token hashes live here; the WAL and shared-memory files inherit this mode.
    if (file !== ':memory:') chmodSync(file, 0o600);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    const db = this.db;
    this.endUsers = createSqliteEndUserStorage(db);

    this.connectors = {
      insert: (c) => Promise.resolve(this.tryInsert('connectors', connectorToRow(c))),
      get: (name) =>
        Promise.resolve(
          map(db.prepare('SELECT * FROM connectors WHERE name = ?').get(name) as Row, connectorFromRow),
        ),
      list: () =>
        Promise.resolve(
          (db.prepare('SELECT * FROM connectors ORDER BY name').all() as Row[]).map(connectorFromRow),
        ),
      update: (c) =>
        Promise.resolve(
          db
            .prepare(
              `UPDATE connectors SET description = @description, base_url = @base_url, auth_json = @auth_json,
               test_path = @test_path, updated_at = @updated_at WHERE name = @name`,
            )
            .run(connectorToRow(c)).changes === 1,
        ),
      delete: (name) =>
        Promise.resolve(db.prepare('DELETE FROM connectors WHERE name = ?').run(name).changes === 1),
    };

    this.actions = {
      insert: (a) => Promise.resolve(this.tryInsert('actions', actionToRow(a))),
      get: (name) =>
        Promise.resolve(
          map(db.prepare('SELECT * FROM actions WHERE name = ?').get(name) as Row, actionFromRow),
        ),
      list: () =>
        Promise.resolve(
          (db.prepare('SELECT * FROM actions ORDER BY name').all() as Row[]).map(actionFromRow),
        ),
      update: (a) =>
        Promise.resolve(
          db
            .prepare(
              `UPDATE actions SET connector = @connector, definition_json = @definition_json, updated_at = @updated_at
               WHERE name = @name`,
            )
            .run(actionToRow(a)).changes === 1,
        ),
      delete: (name) =>
        Promise.resolve(db.prepare('DELETE FROM actions WHERE name = ?').run(name).changes === 1),
      usingConnector: (connector) =>
        Promise.resolve(
          (
            db.prepare('SELECT name FROM actions WHERE connector = ? ORDER BY name').all(connector) as Row[]
          ).map((r) => r.name as string),
        ),
    };

    this.apiTokens = {
      insert: (t) => {
        db.prepare(
          `INSERT INTO api_tokens (id, name, hash, created_at, last_used_at, revoked_at)
           VALUES (@id, @name, @hash, @createdAt, @lastUsedAt, @revokedAt)`,
        ).run(t);
        return Promise.resolve();
      },
      findByHash: (hash) =>
        Promise.resolve(
          map(db.prepare('SELECT * FROM api_tokens WHERE hash = ?').get(hash) as Row, tokenFromRow),
        ),
      list: () =>
        Promise.resolve(
          (db.prepare('SELECT * FROM api_tokens ORDER BY created_at').all() as Row[]).map(tokenFromRow),
        ),
      revoke: (id, at) =>
        Promise.resolve(
          db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
            .changes === 1,
        ),
      touch: (id, at) => {
        db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
        return Promise.resolve();
      },
      count: () =>
        Promise.resolve(
          (db.prepare('SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL').get() as Row)
            .n as number,
        ),
    };

    this.credentials = {
      get: (connector, subject) =>
        Promise.resolve(
          map(
            db
              .prepare('SELECT * FROM credentials WHERE connector = ? AND subject = ?')
              .get(connector, subject) as Row,
            credentialFromRow,
          ),
        ),
      compareAndSet: (next, expected) => {
        const row = {
          connector: next.connector,
          subject: next.subject,
          sealed_json: next.sealedJson,
          expires_at: next.expiresAt,
          needs_reauth: next.needsReauth ? 1 : 0,
          updated_at: next.updatedAt,
          expected,
        };
        const changes =
          expected === 0
            ? db
                .prepare(
                  `INSERT INTO credentials (connector, subject, sealed_json, expires_at, generation, needs_reauth, updated_at)
                   VALUES (@connector, @subject, @sealed_json, @expires_at, 1, @needs_reauth, @updated_at)
                   ON CONFLICT DO NOTHING`,
                )
                .run(row).changes
            : db
                .prepare(
                  `UPDATE credentials SET sealed_json = @sealed_json, expires_at = @expires_at, needs_reauth = @needs_reauth,
                   updated_at = @updated_at, generation = generation + 1
                   WHERE connector = @connector AND subject = @subject AND generation = @expected`,
                )
                .run(row).changes;
        return Promise.resolve(changes === 1);
      },
      delete: (connector, subject) => {
        if (subject === undefined) db.prepare('DELETE FROM credentials WHERE connector = ?').run(connector);
        else
          db.prepare('DELETE FROM credentials WHERE connector = ? AND subject = ?').run(connector, subject);
        return Promise.resolve();
      },
    };
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
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map(
        (r) => r.version as number,
      ),
    );
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      this.db.transaction(() => {
        this.db.exec(m.sqlite);
        this.db
          .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
          .run(m.version, m.name, new Date().toISOString());
      })();
    }
    return Promise.resolve(MIGRATIONS.at(-1)?.version ?? 0);
  }

  resealAll(reseal: (sealed: string) => string): Promise<number> {
    let rewritten = 0;
    for (const { table, key, column } of SEALED_COLUMNS) {
      const rows = this.db.prepare(`SELECT ${[...key, column].join(', ')} FROM ${table}`).all() as Row[];
      const update = this.db.prepare(
        `UPDATE ${table} SET ${column} = ? WHERE ${key.map((k) => `${k} = ?`).join(' AND ')} AND ${column} = ?`,
      );
      for (let i = 0; i < rows.length; i += 100) {
        this.db.transaction(() => {
          for (const row of rows.slice(i, i + 100)) {
            const before = row[column] as string;
            let count = 0;
            const after = before.replace(SEALED_PATTERN, (s) => {
              const next = reseal(s);
              if (next !== s) count++;
              return next;
            });
            if (count > 0 && update.run(after, ...key.map((k) => row[k]), before).changes === 1)
              rewritten += count;
          }
        })();
      }
    }
    return Promise.resolve(rewritten);
  }

  ping(): Promise<boolean> {
    return Promise.resolve(this.db.prepare('SELECT 1 AS ok').get() !== undefined);
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private tryInsert(table: string, row: Row): boolean {
    const cols = Object.keys(row);
    return unlessTaken(
      () =>
        this.db
          .prepare(
            `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
          )
          .run(row).changes,
    );
  }
}

function map<T>(row: Row | undefined, f: (r: Row) => T): T | undefined {
  return row === undefined ? undefined : f(row);
}

const connectorToRow = (c: StoredConnector): Row => ({
  name: c.name,
  description: c.description,
  base_url: c.baseUrl,
  auth_json: c.authJson,
  test_path: c.testPath,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

const actionToRow = (a: StoredAction): Row => ({
  name: a.name,
  connector: a.connector,
  definition_json: a.definitionJson,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
});
