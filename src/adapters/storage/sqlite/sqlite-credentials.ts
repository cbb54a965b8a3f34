// Connector credentials (sealed tokens) on SQLite, written by compare-and-set on a generation number.
import type Database from 'better-sqlite3';
import type { CredentialStore } from '../../../core/ports/storage.js';
import { credentialRows, type Row } from '../stored-rows.js';

export function sqliteCredentials(db: Database.Database): CredentialStore {
  return {
    get: (connector, subject) => {
      const row = db
        .prepare('SELECT * FROM credentials WHERE connector = ? AND subject = ?')
        .get(connector, subject) as Row | undefined;
      return Promise.resolve(row === undefined ? undefined : credentialRows.fromRow(row));
    },
    compareAndSet: (next, expected) => {
      const row = {
        connector: next.connector,
        subject: next.subject,
        sealed_json: next.sealedJson,
        expires_at: next.expiresAt,
        needs_reauth: next.needsReauth ? 1 : 0,
        updated_at: next.updatedAt,
        expected,
      };
      const changes =
        expected === 0
          ? db
              .prepare(
                `INSERT INTO credentials (connector, subject, sealed_json, expires_at, generation, needs_reauth, updated_at)
                 VALUES (@connector, @subject, @sealed_json, @expires_at, 1, @needs_reauth, @updated_at)
                 ON CONFLICT DO NOTHING`,
              )
              .run(row).changes
          : db
              .prepare(
                `UPDATE credentials SET sealed_json = @sealed_json, expires_at = @expires_at, needs_reauth = @needs_reauth,
                 updated_at = @updated_at, generation = generation + 1
                 WHERE connector = @connector AND subject = @subject AND generation = @expected`,
              )
              .run(row).changes;
      return Promise.resolve(changes === 1);
    },
    delete: (connector, subject) => {
      if (subject === undefined) db.prepare('DELETE FROM credentials WHERE connector = ?').run(connector);
      else db.prepare('DELETE FROM credentials WHERE connector = ? AND subject = ?').run(connector, subject);
      return Promise.resolve();
    },
  };
}
