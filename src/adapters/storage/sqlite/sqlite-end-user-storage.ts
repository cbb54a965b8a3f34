// The end-user stores on SQLite: sessions, sign-in links, authorization states (single-use) and launch audiences.
import type Database from 'better-sqlite3';
import type { EndUserStorage, Taken } from '../../../core/ports/end-user-storage.js';
import { linkRows, sessionRows, stateRows, type Row } from '../stored-rows.js';
import { insertRow } from './sqlite-named-rows.js';

/**
 * Marks a single-use row used and reads it back in one transaction, so exactly one of two racing takers
 * sees `firstUse`.
 */
function taker<T>(db: Database.Database, table: string, key: string, from: (r: Row) => T) {
  // Prepared on use: the tables exist only after migrate().
  const take = db.transaction((hash: string, now: number): Taken<T> | undefined => {
    const mark = db.prepare(`UPDATE ${table} SET used_at = ? WHERE ${key} = ? AND used_at IS NULL`);
    const firstUse = mark.run(now, hash).changes === 1;
    const row = db.prepare(`SELECT * FROM ${table} WHERE ${key} = ?`).get(hash) as Row | undefined;
    return row === undefined ? undefined : { row: from(row), firstUse };
  });
  return (hash: string, now: number) => Promise.resolve(take(hash, now));
}

/** Inserts a row of a table whose rows expire, first deleting those expired before `now`. */
function insertExpiring(db: Database.Database, table: string, row: Row, now: number): void {
  db.prepare(`DELETE FROM ${table} WHERE expires_at < ?`).run(now);
  insertRow(db, table, row);
}

export function createSqliteEndUserStorage(db: Database.Database): EndUserStorage {
  const replaceAudience = db.transaction((action: string, users: readonly string[]) => {
    db.prepare('DELETE FROM action_launch_audiences WHERE action = ?').run(action);
    const insert = db.prepare('INSERT INTO action_launch_audiences (action, user_email) VALUES (?, ?)');
    for (const user of new Set(users)) insert.run(action, user);
  });
  return {
    sessions: {
      insert: (s) =>
        Promise.resolve(insertExpiring(db, 'end_user_sessions', sessionRows.toRow(s), s.createdAt)),
      find: (idHash, now) => {
        const r = db
          .prepare('SELECT * FROM end_user_sessions WHERE id_hash = ? AND expires_at > ?')
          .get(idHash, now) as Row | undefined;
        return Promise.resolve(r === undefined ? undefined : sessionRows.fromRow(r));
      },
      delete: (idHash) => {
        db.prepare('DELETE FROM end_user_sessions WHERE id_hash = ?').run(idHash);
        return Promise.resolve();
      },
    },
    signInLinks: {
      insert: (l) => Promise.resolve(insertExpiring(db, 'sign_in_links', linkRows.toRow(l), l.createdAt)),
      take: taker(db, 'sign_in_links', 'token_hash', linkRows.fromRow),
    },
    authorizationStates: {
      insert: (s, now) =>
        Promise.resolve(insertExpiring(db, 'authorization_states', stateRows.toRow(s), now)),
      take: taker(db, 'authorization_states', 'state_hash', stateRows.fromRow),
    },
    launchAudiences: {
      set: (action, users) => Promise.resolve(replaceAudience(action, users)),
      get: (action) =>
        Promise.resolve(
          (
            db
              .prepare('SELECT user_email FROM action_launch_audiences WHERE action = ? ORDER BY user_email')
              .all(action) as Row[]
          ).map((r) => r.user_email as string),
        ),
      size: (action) =>
        Promise.resolve(
          (
            db.prepare('SELECT COUNT(*) AS n FROM action_launch_audiences WHERE action = ?').get(action) as {
              n: number;
            }
          ).n,
        ),
    },
  };
}
