// A PostgreSQL server that goes away and comes back (through a TCP relay, so the shared server keeps running).
import type { Storage } from '../../../core/ports/storage.js';
import { afterAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../../../test/support/tcp-proxy.js';
import { TestSchemas, TEST_DATABASE_URL } from '../../../../test/support/postgres.js';
import { FIXTURE_AT, insertSubscription, queuedMessage } from '../../../../test/support/storage-fixtures.js';
import { openPostgresStorage } from './postgres-storage.js';

const schemas = new TestSchemas();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await schemas.dropAll();
});

/** A migrated storage on a fresh schema, reached through a relay that can be taken down. */
async function behindRelay(reconnectMs: number): Promise<{ s: Storage; relay: TcpProxy }> {
  const target = new URL(TEST_DATABASE_URL);
  const relay = await startTcpProxy(target.hostname, Number(target.port || 5432));
  closers.push(() => relay.close());
  const url = new URL((await schemas.create()).url);
  url.host = `127.0.0.1:${relay.port}`;
  const s = openPostgresStorage(url.toString(), { reconnectMs });
  closers.push(() => s.close());
  await s.migrate();
  await insertSubscription(s);
  return { s, relay };
}

describe('PostgreSQL storage across a server restart', () => {
  it('drops the dead connections and carries on: ingest and the dispatcher poll wait for the server', async () => {
    const { s, relay } = await behindRelay(20_000);
    await s.delivery.ingest([queuedMessage('before')]);
    await relay.down();
    const ingest = s.delivery.ingest([queuedMessage('during')]);
    const due = s.delivery.due('sub', 1, 10);
    await new Promise((done) => setTimeout(done, 1_500));
    await relay.up();
    expect(await ingest).toEqual([{ id: 'during', duplicate: false }]);
    // The poll answers once the server is back (with or without the Message ingested meanwhile).
    expect((await due).map((t) => t.trackingId)).toContain('t-before');
    expect((await s.delivery.due('sub', 1, 10)).map((t) => t.trackingId).sort()).toEqual([
      't-before',
      't-during',
    ]);
    expect(await s.ping()).toBe(true);
  });

  it('fails once the server stays away longer than its budget, and works again when it is back', async () => {
    const { s, relay } = await behindRelay(500);
    await relay.down();
    await expect(s.delivery.ingest([queuedMessage('lost')])).rejects.toThrow();
    expect(await s.ping()).toBe(false);
    await relay.up();
    expect(await s.delivery.ingest([queuedMessage('later')])).toEqual([{ id: 'later', duplicate: false }]);
    expect(await s.delivery.getMessages(['lost', 'later'])).toEqual([
      { id: 'later', bodyJson: '{}', receivedAt: FIXTURE_AT },
    ]);
  });
});
