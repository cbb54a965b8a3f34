// Schema version 3: the end-user side (sessions, sign-in links, authorization states, launch audiences).
import type { Dialect } from './dialect.js';

/** Version 3: end-user sessions and sign-in links, authorization states, action launch audiences. */
export const endUserTables = (d: Dialect): string => `
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
