// The store shape connectors and actions share on PostgreSQL: rows keyed by `name`, inserted once, replaced whole.
import type { NamedStore } from '../../../core/ports/named-store.js';
import type { RowCodec } from '../stored-rows.js';
import { unlessTaken } from './postgres-errors.js';
import { all, changedOne, insertRow, one, rowCount, updateRow, type Sql } from './postgres-pool.js';

export function postgresNamedRows<T>(db: Sql, table: string, { fromRow, toRow }: RowCodec<T>): NamedStore<T> {
  return {
    insert: (item) => unlessTaken(() => rowCount(insertRow(db, table, toRow(item)))),
    get: (name) => one(db.query(`SELECT * FROM ${table} WHERE name = $1`, [name]), fromRow),
    list: () => all(db.query(`SELECT * FROM ${table} ORDER BY name COLLATE "C"`), fromRow),
    update: (item) => changedOne(updateRow(db, table, toRow(item), 'name')),
    delete: (name) => changedOne(db.query(`DELETE FROM ${table} WHERE name = $1`, [name])),
  };
}
