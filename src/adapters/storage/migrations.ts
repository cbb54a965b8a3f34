// Numbered schema migrations, one entry per version, with the SQL for each backend side by side.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

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
];

/** Tables and columns that hold sealed values, for key rotation. */
export const SEALED_COLUMNS: readonly { table: string; key: string[]; column: string }[] = [
  { table: 'connectors', key: ['name'], column: 'auth_json' },
  { table: 'credentials', key: ['connector', 'subject'], column: 'sealed_json' },
];
