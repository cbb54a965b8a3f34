// The end-user stores on PostgreSQL: sessions, sign-in links, authorization states (single-use) and launch audiences.
import type { EndUserStorage, Taken } from '../../../core/ports/end-user-storage.js';
import { linkFromRow, sessionFromRow, stateFromRow } from '../stored-rows.js';
import { all, one, transaction, type FerryPool, type Row, type Sql } from './postgres-pool.js';

/**
 * Marks a single-use row used, or else reads it. Of two racing takers the second's UPDATE waits on the row lock,
 * then finds `used_at` set and changes nothing, so exactly one sees `firstUse`.
 */
function taker<T>(db: Sql, table: string, key: string, from: (r: Row) => T) {
  return async (hash: string, now: number): Promise<Taken<T> | undefined> => {
    const marked = await db.query(
      `UPDATE ${table} SET used_at = $2 WHERE ${key} = $1 AND used_at IS NULL RETURNING *`,
      [hash, now],
    );
    const [row] = marked.rows;
    if (row !== undefined) return { row: from(row), firstUse: true };
    const found = await one(db.query(`SELECT * FROM ${table} WHERE ${key} = $1`, [hash]), from);
    return found === undefined ? undefined : { row: found, firstUse: false };
  };
}

export function createPostgresEndUserStorage(pool: FerryPool): EndUserStorage {
  const db: Sql = pool;
  return {
    sessions: {
      // The purge and the insert in one statement, hence one transaction.
      insert: async (s) => {
        await db.query(
          `WITH purged AS (DELETE FROM end_user_sessions WHERE expires_at < $3)
           INSERT INTO end_user_sessions (id_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
          [s.idHash, s.email, s.createdAt, s.expiresAt],
        );
      },
      find: (idHash, now) =>
        one(
          db.query('SELECT * FROM end_user_sessions WHERE id_hash = $1 AND expires_at > $2', [idHash, now]),
          sessionFromRow,
        ),
      delete: async (idHash) => {
        await db.query('DELETE FROM end_user_sessions WHERE id_hash = $1', [idHash]);
      },
    },
    signInLinks: {
      insert: async (l) => {
        await db.query(
          `WITH purged AS (DELETE FROM sign_in_links WHERE expires_at < $3)
           INSERT INTO sign_in_links (token_hash, email, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
          [l.tokenHash, l.email, l.createdAt, l.expiresAt],
        );
      },
      take: taker(db, 'sign_in_links', 'token_hash', linkFromRow),
    },
    authorizationStates: {
      insert: async (s, now) => {
        await db.query(
          `WITH purged AS (DELETE FROM authorization_states WHERE expires_at < $7)
           INSERT INTO authorization_states (state_hash, purpose, email, connector, sealed_verifier, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [s.stateHash, s.purpose, s.email, s.connector, s.sealedVerifier, s.expiresAt, now],
        );
      },
      take: taker(db, 'authorization_states', 'state_hash', stateFromRow),
    },
    launchAudiences: {
      // The action's row is locked first so that two replacements of one audience run one after the other;
      // a missing action fails the insert on its foreign key, as on SQLite.
      set: (action, users) =>
        transaction(pool, async (sql) => {
          await sql.query('SELECT 1 FROM actions WHERE name = $1 FOR UPDATE', [action]);
          await sql.query('DELETE FROM action_launch_audiences WHERE action = $1', [action]);
          await sql.query(
            `INSERT INTO action_launch_audiences (action, user_email)
             SELECT $1, u FROM unnest($2::text[]) AS u GROUP BY u`,
            [action, [...new Set(users)]],
          );
        }),
      get: (action) =>
        all(
          db.query(
            'SELECT user_email FROM action_launch_audiences WHERE action = $1 ORDER BY user_email COLLATE "C"',
            [action],
          ),
          (r) => r.user_email as string,
        ),
      size: async (action) =>
        (await db.query('SELECT COUNT(*) AS n FROM action_launch_audiences WHERE action = $1', [action]))
          .rows[0]?.n as number,
    },
  };
}
