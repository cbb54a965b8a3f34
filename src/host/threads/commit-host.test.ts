// The commit thread: the delivery storage conformance suite with commits and renewals made there, and its end.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import { describeDeliveryStorageConformance } from '../../../test/conformance/delivery-storage.js';
import type { Storage } from '../../core/ports/storage.js';
import { SqliteStorage } from '../../adapters/storage/sqlite/sqlite-storage.js';
import { committingThrough, startCommitThread } from './commit-host.js';

let file = '';

/** The storage on `file`, its delivery commits made by a commit thread on the same file (closed with it). */
async function viaCommitThread(): Promise<Storage> {
  const storage = new SqliteStorage(file);
  await storage.migrate();
  const thread = await startCommitThread(file, () => undefined);
  const delivery = committingThrough(storage.delivery, thread);
  return new Proxy(storage, {
    get: (target, key) => {
      if (key === 'delivery') return delivery;
      if (key === 'close') return async () => Promise.all([thread.close(), target.close()]);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

describeDeliveryStorageConformance('sqlite, commits on the commit thread', {
  open: () => {
    file = join(mkdtempSync(join(tmpdir(), 'ferry-commit-')), 'ferry.db');
    return viaCommitThread();
  },
  reopen: viaCommitThread,
});

describe('the commit thread', () => {
  it('tells the dispatch thread once when it ends without being closed, and commits then fail', async () => {
    file = join(mkdtempSync(join(tmpdir(), 'ferry-commit-')), 'ferry.db');
    await new SqliteStorage(file).migrate();
    const reasons: Error[] = [];
    // A thread that ends on its own after starting, as an uncaught error or running out of memory ends it.
    const dying = () =>
      new Worker(
        `const { parentPort } = require('node:worker_threads');
         parentPort.postMessage({ rpc: 'cast', method: 'ready', args: [] });
         setTimeout(() => process.exit(3), 50);`,
        { eval: true },
      );
    const thread = await startCommitThread(file, (reason) => reasons.push(reason), dying);
    await vi.waitFor(() => expect(reasons).toHaveLength(1));
    expect(reasons[0]?.message).toContain('the commit thread ended (exit code 3)');
    const lease = { owner: 'a', until: Date.now() + 60_000 };
    await expect(thread.renew(lease)).rejects.toMatchObject({ code: 'ERR_DELIVERY_UNAVAILABLE' });
    await thread.close();
    expect(reasons).toHaveLength(1);
  });

  it('ends quietly when closed, after answering what it was asked', async () => {
    file = join(mkdtempSync(join(tmpdir(), 'ferry-commit-')), 'ferry.db');
    await new SqliteStorage(file).migrate();
    const reasons: Error[] = [];
    const thread = await startCommitThread(file, (reason) => reasons.push(reason));
    await expect(thread.renew({ owner: 'a', until: Date.now() + 60_000 })).resolves.toBe(0);
    await thread.close();
    expect(reasons).toEqual([]);
  });
});
