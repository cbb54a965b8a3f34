// Schema version 1: connectors, actions, admin tokens and connector credentials.
import type { Dialect } from './dialect.js';

/** Version 1: connectors, actions, admin tokens, credentials. */
export const connectorTables = (d: Dialect): string => `
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
        expires_at ${d.bigint},
        generation INTEGER NOT NULL,
        needs_reauth ${d.flag},
        updated_at TEXT NOT NULL,
        PRIMARY KEY (connector, subject)
      );`;
