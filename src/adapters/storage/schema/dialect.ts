// The column types that differ between SQLite and PostgreSQL, for the schema SQL written once for both.

/** The column types that differ between the backends. */
export interface Dialect {
  /** An auto-numbered primary key. */
  readonly serial: string;
  /** Milliseconds since the epoch. */
  readonly bigint: string;
  /** A boolean, false by default. */
  readonly flag: string;
}
export const SQLITE: Dialect = {
  serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  bigint: 'INTEGER',
  flag: 'INTEGER NOT NULL DEFAULT 0',
};
export const POSTGRES: Dialect = {
  serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  bigint: 'BIGINT',
  flag: 'BOOLEAN NOT NULL DEFAULT FALSE',
};
