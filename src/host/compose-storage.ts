// The database each thread opens, on its own: the ingest thread needs it without the rest of compose-adapters.ts
// (auth methods, outbound HTTP, Moveworks clients), which cost that thread 5 MB of heap.
import { resolve } from 'node:path';
import type { FerryConfig } from '../core/config.js';
import type { Storage } from '../core/ports/storage.js';
import { SqliteStorage } from '../adapters/storage/sqlite/sqlite-storage.js';

/**
 * The database: PostgreSQL when FERRY_DATABASE_URL names one, else SQLite in the data directory (the embedded
 * default). Each thread opens its own connection (or pool); the caller runs `migrate()` once at start-up. The
 * PostgreSQL adapter (and `pg`) loads only when used: on the embedded default each of the three threads would
 * otherwise carry it in memory for nothing.
 */
export async function openStorage(config: FerryConfig): Promise<Storage> {
  if (config.databaseUrl === undefined)
    return new SqliteStorage(SqliteStorage.fileIn(resolve(config.dataDir)));
  const { openPostgresStorage } = await import('../adapters/storage/postgres/postgres-storage.js');
  return openPostgresStorage(config.databaseUrl);
}
