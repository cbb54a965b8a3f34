// Storage on PostgreSQL through a pg pool: the shared, scale-out backend (FERRY_DATABASE_URL=postgres://...).
import type { Storage } from '../../../core/ports/storage.js';
import { SEALED_COLUMNS } from '../migrations.js';
import { resealText } from '../reseal-text.js';
import {
  postgresActions,
  postgresApiTokens,
  postgresConnectors,
  postgresCredentials,
} from './postgres-connector-stores.js';
import { postgresDelivery } from './postgres-delivery.js';
import { createPostgresEndUserStorage } from './postgres-end-user-storage.js';
import { migratePostgres } from './postgres-migrate.js';
import { openPool, transaction, type FerryPool, type PoolOptions, type Row } from './postgres-pool.js';
import { postgresCollections, postgresSubscriptions } from './postgres-subscriptions.js';

/** Rows re-sealed per transaction. */
const RESEAL_BATCH = 100;

/** Connects lazily: nothing reaches the server before the first query (`migrate()` at start-up). */
export function openPostgresStorage(url: string, options: PoolOptions = {}): Storage {
  const pool = openPool(url, options);
  return {
    kind: 'postgres',
    connectors: postgresConnectors(pool),
    actions: postgresActions(pool),
    apiTokens: postgresApiTokens(pool),
    credentials: postgresCredentials(pool),
    subscriptions: postgresSubscriptions(pool),
    delivery: postgresDelivery(pool),
    collections: postgresCollections(pool),
    endUsers: createPostgresEndUserStorage(pool),
    migrate: () => migratePostgres(pool),
    resealAll: (reseal) => resealPostgres(pool, reseal),
    ping: async () => {
      try {
        return (await pool.query('SELECT 1 AS ok')).rows.length === 1;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}

async function resealPostgres(pool: FerryPool, reseal: (sealed: string) => string): Promise<number> {
  let rewritten = 0;
  for (const { table, key, column } of SEALED_COLUMNS) {
    const rows = (await pool.query<Row>(`SELECT ${[...key, column].join(', ')} FROM ${table}`)).rows;
    // Each row is rewritten only if it still holds what was read: a concurrent write wins and is left alone.
    const match = key.map((k, i) => `${k} = $${i + 2}`).join(' AND ');
    const update = `UPDATE ${table} SET ${column} = $1 WHERE ${match} AND ${column} = $${key.length + 2}`;
    for (let i = 0; i < rows.length; i += RESEAL_BATCH) {
      rewritten += await transaction(pool, async (sql) => {
        let count = 0;
        for (const row of rows.slice(i, i + RESEAL_BATCH)) {
          const before = row[column] as string;
          const { after, count: found } = resealText(before, reseal);
          if (found === 0) continue;
          const done = await sql.query(update, [after, ...key.map((k) => row[k]), before]);
          if (done.rowCount === 1) count += found;
        }
        return count;
      });
    }
  }
  return rewritten;
}
