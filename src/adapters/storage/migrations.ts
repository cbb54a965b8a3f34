// Numbered schema migrations, one entry per version, with the SQL for each backend side by side.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

/** The column types that differ between the backends. */
interface Dialect {
  /** An auto-numbered primary key. */
  readonly serial: string;
  /** Milliseconds since the epoch. */
  readonly bigint: string;
  /** A boolean, false by default. */
  readonly flag: string;
}
const SQLITE: Dialect = {
  serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  bigint: 'INTEGER',
  flag: 'INTEGER NOT NULL DEFAULT 0',
};
const POSTGRES: Dialect = {
  serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  bigint: 'BIGINT',
  flag: 'BOOLEAN NOT NULL DEFAULT FALSE',
};

/** Version 2: subscriptions, messages, the transfer outbox and the activity log. */
const deliveryTables = (d: Dialect): string => `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        settings_json TEXT NOT NULL,
        health TEXT NOT NULL DEFAULT 'ok',
        health_detail TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        body_json TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE TABLE transfers (
        seq ${d.serial},
        tracking_id TEXT NOT NULL UNIQUE,
        subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        part INTEGER NOT NULL,
        parts INTEGER NOT NULL,
        payload_json TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at ${d.bigint} NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        debug ${d.flag},
        http_status INTEGER,
        error_code TEXT,
        error_text TEXT,
        received_at_ms ${d.bigint} NOT NULL,
        delivered_at_ms ${d.bigint},
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (subscription_id, message_id, part)
      );
      CREATE INDEX transfers_due ON transfers(subscription_id, priority DESC, next_attempt_at, seq)
        WHERE status = 'queued';
      CREATE INDEX transfers_status ON transfers(status, seq);
      CREATE INDEX transfers_message ON transfers(message_id);
      CREATE TABLE attempts (
        id ${d.serial},
        tracking_id TEXT NOT NULL,
        subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        duration_ms INTEGER NOT NULL,
        error_text TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX attempts_tracking ON attempts(tracking_id);
      CREATE INDEX attempts_errors ON attempts(id) WHERE error_text IS NOT NULL;`;

/** Version 3: end-user sessions and sign-in links, authorization states, action launch audiences. */
const endUserTables = (d: Dialect): string => `
      CREATE TABLE end_user_sessions (
        id_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL,
        expires_at ${d.bigint} NOT NULL
      );
      CREATE TABLE sign_in_links (
        token_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        created_at ${d.bigint} NOT NULL,
        expires_at ${d.bigint} NOT NULL,
        used_at ${d.bigint}
      );
      CREATE TABLE authorization_states (
        state_hash TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        email TEXT NOT NULL,
        connector TEXT NOT NULL,
        sealed_verifier TEXT NOT NULL,
        expires_at ${d.bigint} NOT NULL,
        used_at ${d.bigint}
      );
      CREATE INDEX authorization_states_expiry ON authorization_states(expires_at);
      CREATE TABLE action_launch_audiences (
        action TEXT NOT NULL REFERENCES actions(name) ON DELETE CASCADE,
        user_email TEXT NOT NULL,
        PRIMARY KEY (action, user_email)
      );`;

const MAPPING_COLLECTIONS = `
      CREATE TABLE mapping_collections (
        id TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        sort_order INTEGER NOT NULL,
        definition_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (subscription_id, name)
      );`;

/**
 * The statuses that hold few rows: every one but `queued` (the due index covers it) and `delivered` (nearly every
 * row). Queries that filter on these statuses repeat this exact term so SQLite can use the partial index below,
 * which is SQLite's condition for using a partial index.
 */
export const RARE_STATUSES: readonly string[] = ['sending', 'failed', 'unconfirmed', 'skipped', 'dismissed'];
export const RARE_STATUS_TERM = `status IN (${RARE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Version 5: the status index holds only the rare statuses. The full index cost four B-tree changes for each
 * delivered transfer (queued → sending → delivered), a third of delivery's database time.
 */
const RARE_STATUS_INDEX = `
      DROP INDEX transfers_status;
      CREATE INDEX transfers_rare_status ON transfers(status, seq) WHERE ${RARE_STATUS_TERM};`;

/** Version 6: a claim's owner and lease (see core/ports/transfer-lease.ts), set only while a transfer is sending. */
const claimLeases = (d: Dialect): string => `
      ALTER TABLE transfers ADD COLUMN claim_owner TEXT;
      ALTER TABLE transfers ADD COLUMN lease_until ${d.bigint};`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'connectors, actions, admin tokens, credentials',
    sqlite: `
      CREATE TABLE connectors (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL,
        base_url TEXT NOT NULL,
        auth_json TEXT NOT NULL,
        test_path TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE actions (
        name TEXT PRIMARY KEY,
        connector TEXT NOT NULL REFERENCES connectors(name),
        definition_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX actions_connector ON actions(connector);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE TABLE credentials (
        connector TEXT NOT NULL REFERENCES connectors(name) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        sealed_json TEXT NOT NULL,
        expires_at INTEGER,
        generation INTEGER NOT NULL,
        needs_reauth INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (connector, subject)
      );`,
    postgres: `
      CREATE TABLE connectors (
        name TEXT PRIMARY KEY,
        description TEXT NOT NULL,
        base_url TEXT NOT NULL,
        auth_json TEXT NOT NULL,
        test_path TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE actions (
        name TEXT PRIMARY KEY,
        connector TEXT NOT NULL REFERENCES connectors(name),
        definition_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX actions_connector ON actions(connector);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE TABLE credentials (
        connector TEXT NOT NULL REFERENCES connectors(name) ON DELETE CASCADE,
        subject TEXT NOT NULL,
        sealed_json TEXT NOT NULL,
        expires_at BIGINT,
        generation INTEGER NOT NULL,
        needs_reauth BOOLEAN NOT NULL DEFAULT FALSE,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (connector, subject)
      );`,
  },
  {
    version: 2,
    name: 'subscriptions, messages, transfers (outbox) and the activity log',
    sqlite: deliveryTables(SQLITE),
    postgres: deliveryTables(POSTGRES),
  },
  {
    version: 3,
    name: 'end-user sessions, sign-in links, authorization states, action launch audiences',
    sqlite: endUserTables(SQLITE),
    postgres: endUserTables(POSTGRES),
  },
  {
    version: 4,
    name: 'mapping collections',
    // The same SQL runs on both backends.
    sqlite: MAPPING_COLLECTIONS,
    postgres: MAPPING_COLLECTIONS,
  },
  {
    version: 5,
    name: 'a partial status index for the rare statuses',
    sqlite: RARE_STATUS_INDEX,
    postgres: RARE_STATUS_INDEX,
  },
  {
    version: 6,
    name: 'claim owners and leases',
    sqlite: claimLeases(SQLITE),
    postgres: claimLeases(POSTGRES),
  },
];

/** Tables and columns that hold sealed values, for key rotation. */
export const SEALED_COLUMNS: readonly { table: string; key: string[]; column: string }[] = [
  { table: 'connectors', key: ['name'], column: 'auth_json' },
  { table: 'credentials', key: ['connector', 'subject'], column: 'sealed_json' },
  { table: 'subscriptions', key: ['id'], column: 'settings_json' },
  { table: 'authorization_states', key: ['state_hash'], column: 'sealed_verifier' },
];
