// Applies the numbered schema migrations on PostgreSQL, safely when several processes start at once.
import { MIGRATIONS, type Migration } from '../migrations.js';
import { transaction, type FerryPool } from './postgres-pool.js';

/** First key of the advisory lock Ferry takes to migrate ('FRRY'); the second is the schema's hash. */
const MIGRATION_LOCK = 0x46525259;

/**
 * Applies every pending migration in one transaction, under a transaction-scoped advisory lock keyed by the
 * schema: a second process starting at the same moment waits, then finds nothing left to do. DDL is
 * transactional in PostgreSQL, so a migration that fails leaves the schema as it was. Resolves the version.
 */
export async function migratePostgres(
  pool: FerryPool,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  return transaction(pool, async (sql) => {
    const schema = (await sql.query('SELECT current_schema() AS s')).rows[0]?.s as string | null;
    if (schema === null || schema === undefined)
      throw new Error('no schema of the search_path exists in this database; create it first');
    await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [MIGRATION_LOCK, schema]);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    const applied = new Set(
      (await sql.query('SELECT version FROM schema_migrations')).rows.map((r) => r.version as number),
    );
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      // No parameters: the simple query protocol, which runs a migration's several statements in one call.
      await sql.query(m.postgres);
      await sql.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
    }
    return Math.max(0, ...applied, ...migrations.map((m) => m.version));
  });
}
