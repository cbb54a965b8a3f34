// The store shape connectors and actions share on SQLite: rows keyed by `name`, inserted once, replaced whole.
import type Database from 'better-sqlite3';
import type { NamedStore } from '../../../core/ports/named-store.js';
import { unlessTaken } from './sqlite-errors.js';
import type { Row, RowCodec } from '../stored-rows.js';

/** INSERTs a row (column → value) as it is; returns the rows changed. */
export function insertRow(db: Database.Database, table: string, row: Row): number {
  const cols = Object.keys(row);
  const sql = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
  return db.prepare(sql).run(row).changes;
}

export function sqliteNamedRows<T>(
  db: Database.Database,
  table: string,
  { fromRow, toRow }: RowCodec<T>,
): NamedStore<T> {
  return {
    insert: (item) => Promise.resolve(unlessTaken(() => insertRow(db, table, toRow(item)))),
    get: (name) => {
      const row = db.prepare(`SELECT * FROM ${table} WHERE name = ?`).get(name) as Row | undefined;
      return Promise.resolve(row === undefined ? undefined : fromRow(row));
    },
    list: () =>
      Promise.resolve((db.prepare(`SELECT * FROM ${table} ORDER BY name`).all() as Row[]).map(fromRow)),
    update: (item) => {
      const row = toRow(item);
      const set = Object.keys(row)
        .filter((c) => c !== 'name' && c !== 'created_at')
        .map((c) => `${c} = @${c}`)
        .join(', ');
      return Promise.resolve(
        db.prepare(`UPDATE ${table} SET ${set} WHERE name = @name`).run(row).changes === 1,
      );
    },
    delete: (name) =>
      Promise.resolve(db.prepare(`DELETE FROM ${table} WHERE name = ?`).run(name).changes === 1),
  };
}
