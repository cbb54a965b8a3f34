// What only a shared server can show: several pools (as several processes would) racing on one PostgreSQL schema.
import type { Storage } from '../../../core/ports/storage.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { MessageIngest } from '../../../core/ports/delivery-storage.js';
import { freePort } from '../../../../test/support/free-port.js';
import { TestSchemas } from '../../../../test/support/postgres.js';
import { FIXTURE_AT, insertSubscription, queuedMessage } from '../../../../test/support/storage-fixtures.js';
import { MIGRATIONS } from '../migrations.js';
import { openPostgresStorage } from './postgres-storage.js';

const schemas = new TestSchemas();
const opened: Storage[] = [];
afterAll(async () => {
  for (const s of opened.splice(0)) await s.close();
  await schemas.dropAll();
});

/** A storage with its own pool on `url`, closed after the file. */
const storageOn = (url: string, max = 4) => {
  const s = openPostgresStorage(url, { max, reconnectMs: 0 });
  opened.push(s);
  return s;
};

/** A migrated schema holding subscription `sub`, and its URL. */
async function withSubscription(): Promise<{ schema: string; url: string }> {
  const created = await schemas.create();
  const s = storageOn(created.url);
  await s.migrate();
  await insertSubscription(s);
  return created;
}

describe('PostgreSQL storage shared by several pools', () => {
  it('applies each migration once when several start at once', async () => {
    const { schema, url } = await schemas.create();
    const versions = await Promise.all([1, 2, 3, 4].map(() => storageOn(url, 1).migrate()));
    expect(new Set(versions)).toEqual(new Set([MIGRATIONS.at(-1)?.version]));
    const applied = await schemas.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
    expect(applied.rows.map((r: { version: number }) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('gives each transfer to exactly one of two dispatchers claiming the same ones at once', async () => {
    const { schema, url } = await withSubscription();
    const pools = [storageOn(url), storageOn(url)];
    await pools[0]!.delivery.ingest(Array.from({ length: 400 }, (_, i) => queuedMessage(`m-${i + 1}`)));
    const got = new Map<number, string[]>();
    // Each round, two lanes of each dispatcher claim the same 50 due transfers at the same moment.
    for (let round = 0; round < 8; round++) {
      const seqs = (await pools[0]!.delivery.due('sub', 1, 50)).map((t) => t.seq);
      expect(seqs).toHaveLength(50);
      const owners = ['dispatcher-0', 'dispatcher-1', 'dispatcher-0', 'dispatcher-1'];
      const claims = await Promise.all(
        owners.map((owner, i) =>
          pools[i % 2]!.delivery.commit({
            finished: [],
            claim: seqs,
            at: FIXTURE_AT,
            lease: { owner, until: 1e15 },
          }),
        ),
      );
      claims.forEach((claimed, i) => {
        for (const seq of claimed) got.set(seq, [...(got.get(seq) ?? []), owners[i]!]);
      });
    }
    expect(got.size).toBe(400);
    expect([...got.values()].filter((owners) => owners.length !== 1)).toEqual([]);
    const rows = await schemas.query(
      `SELECT claim_owner, COUNT(*)::int AS n, MAX(attempts) AS most FROM ${schema}.transfers
       WHERE status = 'sending' GROUP BY claim_owner`,
    );
    const held = rows.rows as { claim_owner: string; n: number; most: number }[];
    expect(held.reduce((sum, r) => sum + r.n, 0)).toBe(400);
    expect(held.every((r) => r.most === 1)).toBe(true);
    // What each owner holds in the database is exactly what its commits said it got.
    for (const r of held)
      expect([...got.values()].filter((owners) => owners[0] === r.claim_owner)).toHaveLength(r.n);
  });

  it('stores a Message once when two pools ingest the same ids at once, in opposite orders', async () => {
    const { schema, url } = await withSubscription();
    const [a, b] = [storageOn(url), storageOn(url)];
    const items = Array.from({ length: 300 }, (_, i) => queuedMessage(`m-${i + 1}`));
    const batches = (list: MessageIngest[]) =>
      Array.from({ length: 6 }, (_, i) => list.slice(i * 50, i * 50 + 50));
    const results = await Promise.all([
      ...batches(items).map((batch) => a.delivery.ingest(batch)),
      ...batches([...items].reverse()).map((batch) => b.delivery.ingest(batch)),
    ]);
    const fresh = results.flat().filter((r) => !r.duplicate);
    expect(fresh).toHaveLength(300);
    expect(new Set(fresh.map((r) => r.id)).size).toBe(300);
    const counts = await schemas.query(
      `SELECT (SELECT COUNT(*)::int FROM ${schema}.messages) AS messages,
              (SELECT COUNT(*)::int FROM ${schema}.transfers) AS transfers`,
    );
    expect(counts.rows[0]).toEqual({ messages: 300, transfers: 300 });
  });

  it('fails, rather than waiting or skipping, when the server cannot be reached', async () => {
    const s = openPostgresStorage(`postgres://postgres@127.0.0.1:${await freePort()}/test`, {
      reconnectMs: 0,
    });
    opened.push(s);
    await expect(s.migrate()).rejects.toThrow(/ECONNREFUSED/);
    expect(await s.ping()).toBe(false);
  });

  it('refuses to migrate into a schema that does not exist', async () => {
    const s = storageOn(
      new URL(
        '?options=-c%20search_path%3Dferry_no_such_schema',
        'postgres://postgres@127.0.0.1:5432/test',
      ).toString(),
    );
    await expect(s.migrate()).rejects.toThrow(/no schema of the search_path exists/);
  });
});
