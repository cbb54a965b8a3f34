// The end-user stores on SQLite: sessions, sign-in links, authorization states (single-use) and launch audiences.
import type Database from 'better-sqlite3';
import type {
  EndUserStorage,
  StoredAuthorizationState,
  StoredSignInLink,
  Taken,
} from '../../../core/ports/end-user-storage.js';

type Row = Record<string, unknown>;

const linkFromRow = (r: Row): StoredSignInLink => ({
  tokenHash: r.token_hash as string,
  email: r.email as string,
  createdAt: r.created_at as number,
  expiresAt: r.expires_at as number,
});

const stateFromRow = (r: Row): StoredAuthorizationState => ({
  stateHash: r.state_hash as string,
  purpose: r.purpose as StoredAuthorizationState['purpose'],
  email: r.email as string,
  connector: r.connector as string,
  sealedVerifier: r.sealed_verifier as string,
  expiresAt: r.expires_at as number,
});

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

export function createSqliteEndUserStorage(db: Database.Database): EndUserStorage {
  const replaceAudience = db.transaction((action: string, users: readonly string[]) => {
    db.prepare('DELETE FROM action_launch_audiences WHERE action = ?').run(action);
    const insert = db.prepare('INSERT INTO action_launch_audiences (action, user_email) VALUES (?, ?)');
    for (const user of new Set(users)) insert.run(action, user);
  });
  return {
    sessions: {
      insert: (s) => {
        db.prepare('DELETE FROM end_user_sessions WHERE expires_at < ?').run(s.createdAt);
        db.prepare(
          'INSERT INTO end_user_sessions (id_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)',
        ).run(s.idHash, s.email, s.createdAt, s.expiresAt);
        return Promise.resolve();
      },
      find: (idHash, now) => {
        const r = db
          .prepare('SELECT * FROM end_user_sessions WHERE id_hash = ? AND expires_at > ?')
          .get(idHash, now) as Row | undefined;
        return Promise.resolve(
          r === undefined
            ? undefined
            : {
                idHash: r.id_hash as string,
                email: r.email as string,
                createdAt: r.created_at as number,
                expiresAt: r.expires_at as number,
              },
        );
      },
      delete: (idHash) => {
        db.prepare('DELETE FROM end_user_sessions WHERE id_hash = ?').run(idHash);
        return Promise.resolve();
      },
    },
    signInLinks: {
      insert: (l) => {
        db.prepare('DELETE FROM sign_in_links WHERE expires_at < ?').run(l.createdAt);
        db.prepare(
          'INSERT INTO sign_in_links (token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)',
        ).run(l.tokenHash, l.email, l.createdAt, l.expiresAt);
        return Promise.resolve();
      },
      take: taker(db, 'sign_in_links', 'token_hash', linkFromRow),
    },
    authorizationStates: {
      insert: (s, now) => {
        db.prepare('DELETE FROM authorization_states WHERE expires_at < ?').run(now);
        db.prepare(
          `INSERT INTO authorization_states (state_hash, purpose, email, connector, sealed_verifier, expires_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(s.stateHash, s.purpose, s.email, s.connector, s.sealedVerifier, s.expiresAt);
        return Promise.resolve();
      },
      take: taker(db, 'authorization_states', 'state_hash', stateFromRow),
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
