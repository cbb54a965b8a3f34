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
  // Version 2 is taken by subscriptions.
  {
    version: 3,
    name: 'end-user sessions, sign-in links, authorization states, action launch audiences',
    sqlite: `
      CREATE TABLE end_user_sessions (
        id_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE sign_in_links (
        token_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE TABLE authorization_states (
        state_hash TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        email TEXT NOT NULL,
        connector TEXT NOT NULL,
        sealed_verifier TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX authorization_states_expiry ON authorization_states(expires_at);
      CREATE TABLE action_launch_audiences (
        action TEXT NOT NULL REFERENCES actions(name) ON DELETE CASCADE,
        user_email TEXT NOT NULL,
        PRIMARY KEY (action, user_email)
      );`,
    postgres: `
      CREATE TABLE end_user_sessions (
        id_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE sign_in_links (
        token_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT
      );
      CREATE TABLE authorization_states (
        state_hash TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        email TEXT NOT NULL,
        connector TEXT NOT NULL,
        sealed_verifier TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT
      );
      CREATE INDEX authorization_states_expiry ON authorization_states(expires_at);
      CREATE TABLE action_launch_audiences (
        action TEXT NOT NULL REFERENCES actions(name) ON DELETE CASCADE,
        user_email TEXT NOT NULL,
        PRIMARY KEY (action, user_email)
      );`,
  },
];

/** Tables and columns that hold sealed values, for key rotation. */
export const SEALED_COLUMNS: readonly { table: string; key: string[]; column: string }[] = [
  { table: 'connectors', key: ['name'], column: 'auth_json' },
  { table: 'credentials', key: ['connector', 'subject'], column: 'sealed_json' },
  { table: 'authorization_states', key: ['state_hash'], column: 'sealed_verifier' },
];
