// Rows of plain records (text, numbers, nulls) from and to their columns, from one property → column map.
import type { Row } from '../stored-rows.js';

export interface RowCodec<T> {
  readonly fromRow: (r: Row) => T;
  readonly toRow: (item: T) => Row;
}

/**
 * Both directions from one map, so a column is named once. Only for records whose values SQLite stores as they
 * are (no booleans): better-sqlite3 reads NULL as null, which is what the optional fields hold.
 */
export function rowCodec<T extends object>(columns: { readonly [K in keyof T]-?: string }): RowCodec<T> {
  const pairs = Object.entries(columns) as [keyof T & string, string][];
  return {
    fromRow: (r) => Object.fromEntries(pairs.map(([key, column]) => [key, r[column] ?? null])) as T,
    toRow: (item) => Object.fromEntries(pairs.map(([key, column]) => [column, item[key]])),
  };
}
