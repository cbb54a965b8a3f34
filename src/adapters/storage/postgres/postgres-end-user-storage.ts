// The end-user stores on PostgreSQL: sessions, sign-in links, authorization states (single-use) and launch audiences.
import type { EndUserStorage, Taken } from '../../../core/ports/end-user-storage.js';
import { linkRows, sessionRows, stateRows } from '../stored-rows.js';
import { all, insertRow, one, transaction, type FerryPool, type Row, type Sql } from './postgres-pool.js';

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
      insert: async (s) => {
        await insertRow(db, 'end_user_sessions', sessionRows.toRow(s), s.createdAt);
      },
      find: (idHash, now) =>
        one(
          db.query('SELECT * FROM end_user_sessions WHERE id_hash = $1 AND expires_at > $2', [idHash, now]),
          sessionRows.fromRow,
        ),
      delete: async (idHash) => {
        await db.query('DELETE FROM end_user_sessions WHERE id_hash = $1', [idHash]);
      },
    },
    signInLinks: {
      insert: async (l) => {
        await insertRow(db, 'sign_in_links', linkRows.toRow(l), l.createdAt);
      },
      take: taker(db, 'sign_in_links', 'token_hash', linkRows.fromRow),
    },
    authorizationStates: {
      insert: async (s, now) => {
        await insertRow(db, 'authorization_states', stateRows.toRow(s), now);
      },
      take: taker(db, 'authorization_states', 'state_hash', stateRows.fromRow),
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
