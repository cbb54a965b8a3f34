// Entry of the ingest thread: bulk uploads are parsed, mapped and stored here, with their own connection to the
// database and their own formula engine, so a large upload never holds the main thread (the API) for long.
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../core/clock.js';
import type { FerryConfig } from '../../core/config.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import type { BulkFormat } from '../../adapters/bulk/bulk-records.js';
import { ChunkFeed } from '../../adapters/thread/chunk-feed.js';
import { PortRpc } from '../../adapters/thread/port-rpc.js';
import { composeMessaging } from '../compose-messaging.js';
import { openStorage } from '../compose-storage.js';
import type { BulkSummaryView } from '../../http/contracts/messages.js';

const port = parentPort;
if (port === null) throw new Error('ingest-thread.ts runs only as a worker thread (see ingest-host.ts)');
const { config } = workerData as { config: FerryConfig };

/** Uploads in progress: the chunks the main thread forwards, and the summary their ingest resolves. */
const uploads = new Map<number, { feed: ChunkFeed<Uint8Array>; summary: Promise<BulkSummaryView> }>();
const upload = (id: number) => {
  const found = uploads.get(id);
  if (found === undefined) throw new Error(`no upload ${id} in progress`);
  return found;
};

// Handlers run only once this module has finished loading, when everything below exists.
const rpc = new PortRpc(port, {
  begin: (id: number, format: BulkFormat) => {
    const feed = new ChunkFeed<Uint8Array>();
    const summary = bulk.ingest(feed, format);
    // The ingest stopped (the database refused a batch): the chunks still coming are refused with its error.
    summary.catch((err: unknown) => feed.stop(err instanceof Error ? err : new Error(String(err))));
    uploads.set(id, { feed, summary });
  },
  chunk: (id: number, bytes: Uint8Array) => upload(id).feed.push(bytes),
  end: async (id: number) => {
    const { feed, summary } = upload(id);
    feed.end();
    try {
      return await summary;
    } finally {
      uploads.delete(id);
    }
  },
  abort: (id: number, reason: string) => {
    const found = uploads.get(id);
    uploads.delete(id);
    found?.feed.fail(new Error(reason));
  },
  close: async () => {
    closeFormulas();
    await storage.close();
  },
});
// Subscriptions arrive without their secrets: mapping and planning never need them.
const storage = await openStorage(config);
const { bulk, close: closeFormulas } = composeMessaging(
  { config, storage, clock: systemClock },
  {
    subscription: (idOrName) => rpc.call<Subscription>('subscription', idOrName),
    subscriptions: () => rpc.call<Subscription[]>('subscriptions'),
    onQueued: (ids) => rpc.cast('queued', ids),
  },
);

rpc.cast('ready');
