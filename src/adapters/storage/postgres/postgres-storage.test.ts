// Runs the storage conformance suite against the real PostgreSQL, each storage in a schema of its own.
import { afterAll, describe, expect, it } from 'vitest';
import { describeStorageConformance } from '../../../../test/conformance/storage.js';
import { TestSchemas } from '../../../../test/support/postgres.js';
import { TRANSFER_STATUSES } from '../../../core/ports/delivery-storage.js';
import { MIGRATIONS, RARE_STATUSES, rareStatusTerm } from '../migrations.js';
import { migratePostgres } from './postgres-migrate.js';
import { openPool } from './postgres-pool.js';
import { openPostgresStorage } from './postgres-storage.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

let url = '';
const open = async () => {
  const s = openPostgresStorage(url);
  await s.migrate();
  return s;
};

describeStorageConformance('postgres', {
  open: async () => {
    url = (await schemas.create()).url;
    return open();
  },
  reopen: open,
});

describe('PostgreSQL schema version 7', () => {
  it('moves a version 6 schema to the cheaper rare-status predicate, every rare transfer still in the index', async () => {
    const { schema, url } = await schemas.create();
    const pool = openPool(url, { max: 1 });
    try {
      await migratePostgres(
        pool,
        MIGRATIONS.filter((m) => m.version <= 6),
      );
      await pool.query(
        `INSERT INTO subscriptions (id, name, settings_json, created_at, updated_at) VALUES ('s', 's', '{}', 'x', 'x')`,
      );
      for (const [i, status] of TRANSFER_STATUSES.entries())
        await pool.query(
          `INSERT INTO transfers (tracking_id, subscription_id, message_id, part, parts, status, next_attempt_at,
             received_at_ms, created_at, updated_at) VALUES ($1, 's', $2, 1, 1, $3, 0, 0, 'x', 'x')`,
          [`t-${i}`, `m-${i}`, status],
        );
    } finally {
      await pool.end();
    }
    const s = openPostgresStorage(url);
    expect(await s.migrate()).toBe(7);
    await s.close();
    const index = await schemas.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'transfers_rare_status'`,
      [schema],
    );
    expect((index.rows[0] as { indexdef?: string } | undefined)?.indexdef).toContain(`<> 'queued'`);
    const rare = await schemas.query(
      `SELECT status FROM ${schema}.transfers WHERE ${rareStatusTerm()} ORDER BY seq`,
    );
    expect(rare.rows.map((r: { status: string }) => r.status)).toEqual([...RARE_STATUSES]);
  });
});
