// Admin API tokens on SQLite: stored by hash only, revoked by a timestamp.
import type Database from 'better-sqlite3';
import type { ApiTokenStore } from '../../../core/ports/storage.js';
import { tokenRows, type Row } from '../stored-rows.js';

export function sqliteApiTokens(db: Database.Database): ApiTokenStore {
  return {
    insert: (t) => {
      db.prepare(
        `INSERT INTO api_tokens (id, name, hash, created_at, last_used_at, revoked_at)
         VALUES (@id, @name, @hash, @createdAt, @lastUsedAt, @revokedAt)`,
      ).run(t);
      return Promise.resolve();
    },
    findByHash: (hash) => {
      const row = db.prepare('SELECT * FROM api_tokens WHERE hash = ?').get(hash) as Row | undefined;
      return Promise.resolve(row === undefined ? undefined : tokenRows.fromRow(row));
    },
    list: () =>
      Promise.resolve(
        (db.prepare('SELECT * FROM api_tokens ORDER BY created_at').all() as Row[]).map(tokenRows.fromRow),
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
        db.prepare('SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL').pluck().get() as number,
      ),
  };
}
