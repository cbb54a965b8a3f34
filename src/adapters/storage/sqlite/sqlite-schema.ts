// Schema upkeep on SQLite: the numbered migrations, and re-sealing every sealed column for key rotation.
import type Database from 'better-sqlite3';
import { SEALED_PATTERN } from '../../../core/ports/sealer.js';
import { MIGRATIONS, SEALED_COLUMNS, type Migration } from '../migrations.js';
import type { Row } from '../stored-rows.js';

/**
 * Applies the migrations not applied yet (of `migrations`: all of them but in tests of an upgrade), each in its own
 * transaction; resolves the schema version.
 */
export function migrateSqlite(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sqlite);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
  }
  return Math.max(0, ...applied, ...migrations.map((m) => m.version));
}

/** Rewrites every sealed value with `reseal`, 100 rows a transaction; resolves how many values changed. */
export function resealSqlite(db: Database.Database, reseal: (sealed: string) => string): number {
  let rewritten = 0;
  for (const { table, key, column } of SEALED_COLUMNS) {
    const rows = db.prepare(`SELECT ${[...key, column].join(', ')} FROM ${table}`).all() as Row[];
    const update = db.prepare(
      `UPDATE ${table} SET ${column} = ? WHERE ${key.map((k) => `${k} = ?`).join(' AND ')} AND ${column} = ?`,
    );
    for (let i = 0; i < rows.length; i += 100) {
      db.transaction(() => {
        for (const row of rows.slice(i, i + 100)) {
          const before = row[column] as string;
          let count = 0;
          const after = before.replace(SEALED_PATTERN, (s) => {
            const next = reseal(s);
            if (next !== s) count++;
            return next;
          });
          if (count > 0 && update.run(after, ...key.map((k) => row[k]), before).changes === 1)
            rewritten += count;
        }
      })();
    }
  }
  return rewritten;
}
