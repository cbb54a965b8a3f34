// The PostgreSQL connection pool under Ferry's storage, and its one way to run a transaction.
import pg from 'pg';
import { CommitOutcomeUnknown, isConnectionLoss, reconnecting } from './postgres-reconnect.js';

import type { Row } from '../stored-rows.js';

export type { Row };

// Lists sort with COLLATE "C" (by code point), as SQLite's default BINARY does, whatever the database's locale.

/** Whatever runs a query: the pool (each statement its own transaction) or a client inside a transaction. */
export interface Sql {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult<Row>>;
}

export interface PoolOptions {
  /** Connections this pool may hold open; default 4 (each of Ferry's threads opens its own pool). */
  readonly max?: number;
  /**
   * How long, in ms, a transaction that lost its connection before COMMIT (or a delivery read) is tried again;
   * default 30000, long enough for a server restart. 0: never.
   */
  readonly reconnectMs?: number;
}

/** A pg pool that knows how long its work may wait for a lost server to come back. */
export class FerryPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    readonly reconnectMs: number,
  ) {
    super(config);
  }
}

type TypeId = Parameters<typeof pg.types.getTypeParser>[0];
const INT8: TypeId = pg.types.builtins.INT8;

/**
 * BIGINT (ms since the epoch, sequence numbers, counts) as a JavaScript number rather than pg's default string:
 * every value Ferry stores stays far below 2^53. Set per pool, so no other pg user in the process is affected.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid: TypeId, format?: 'text' | 'binary'): unknown =>
    oid === INT8 && format !== 'binary'
      ? (v: string) => Number(v)
      : (pg.types.getTypeParser(oid, format) as unknown),
};

/** A pool on `url` (any libpq-style URL; `?options=-c search_path=...` picks a schema). */
export function openPool(url: string, options: PoolOptions = {}): FerryPool {
  const pool = new FerryPool(
    { connectionString: url, max: options.max ?? 4, types, application_name: 'ferry' },
    options.reconnectMs ?? 30_000,
  );
  // An idle connection the server dropped (a restart, a terminated backend) is discarded by the pool and the next
  // query opens a new one; without a listener the 'error' event would end the process.
  pool.on('error', () => undefined);
  return pool;
}

/** SQLSTATEs after which the server rolled the whole transaction back, so running it again is safe. */
const RETRYABLE = new Set(['40001', '40P01']);
const isRetryable = (e: unknown): boolean =>
  e instanceof Error && 'code' in e && typeof e.code === 'string' && RETRYABLE.has(e.code);

/**
 * Runs `work` in one transaction (READ COMMITTED) on one connection of the pool. A deadlock or serialization
 * failure, which the server resolves by rolling one transaction back, runs it again (up to three times); so does
 * a connection lost before COMMIT, for up to the pool's `reconnectMs`. A connection lost during COMMIT throws
 * CommitOutcomeUnknown: whether it committed cannot be known here.
 */
export function transaction<T>(pool: FerryPool, work: (sql: Sql) => Promise<T>): Promise<T> {
  return reconnecting(() => once(pool, work), pool.reconnectMs);
}

const ignore = (): void => undefined;

async function once<T>(pool: FerryPool, work: (sql: Sql) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    // A checked-out client has no listener of its own: a connection dropped between two statements would end the
    // process. The failure reaches the next statement anyway, as its rejection.
    client.on('error', ignore);
    const release = (destroy = false) => {
      client.removeListener('error', ignore);
      client.release(destroy);
    };
    let broken = false;
    let result: T;
    try {
      await client.query('BEGIN');
      result = await work(client);
    } catch (e) {
      // A connection that cannot even roll back is not given back to the pool.
      await client.query('ROLLBACK').catch(() => (broken = true));
      release(broken);
      if (attempt < 3 && isRetryable(e)) continue;
      throw e;
    }
    try {
      await client.query('COMMIT');
      release();
      return result;
    } catch (e) {
      release(true);
      if (attempt < 3 && isRetryable(e)) continue;
      throw isConnectionLoss(e) ? new CommitOutcomeUnknown(e) : e;
    }
  }
}

/** The first row a query returns, mapped; undefined when it returns none. */
export async function one<T>(pending: Promise<{ rows: Row[] }>, from: (r: Row) => T): Promise<T | undefined> {
  const [row] = (await pending).rows;
  return row === undefined ? undefined : from(row);
}

/** Every row a query returns, mapped. */
export async function all<T>(pending: Promise<{ rows: Row[] }>, from: (r: Row) => T): Promise<T[]> {
  return (await pending).rows.map(from);
}

/** How many rows a write changed. */
export const rowCount = async (pending: Promise<{ rowCount: number | null }>): Promise<number | null> =>
  (await pending).rowCount;

/** Whether a write changed exactly one row. */
export const changedOne = async (pending: Promise<{ rowCount: number | null }>): Promise<boolean> =>
  (await pending).rowCount === 1;

/** Whole milliseconds: BIGINT columns refuse the fractions a test clock may produce. */
export const ms = (n: number): number => Math.round(n);

/**
 * INSERTs a row (column → value) as it is. With `purgeBefore`, the same statement (hence one transaction) first
 * deletes the table's rows that expired before it.
 */
export function insertRow(db: Sql, table: string, row: Row, purgeBefore?: number) {
  const columns = Object.keys(row);
  const params = columns.map((c) => row[c]);
  const purge =
    purgeBefore === undefined
      ? ''
      : `WITH purged AS (DELETE FROM ${table} WHERE expires_at < $${params.push(purgeBefore)}) `;
  const values = columns.map((_, i) => `$${i + 1}`).join(', ');
  return db.query(`${purge}INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values})`, params);
}

/** UPDATEs the row whose `key` column matches to `row`'s values: every column but the key and the creation time. */
export function updateRow(db: Sql, table: string, row: Row, key: string) {
  const columns = Object.keys(row).filter((c) => c !== key && c !== 'created_at');
  const set = columns.map((c, i) => `${c} = $${i + 2}`).join(', ');
  return db.query(`UPDATE ${table} SET ${set} WHERE ${key} = $1`, [row[key], ...columns.map((c) => row[c])]);
}
