// The main thread's side of the ingest thread: forwards each bulk upload's bytes to it and answers what it asks.
import type { Worker } from 'node:worker_threads';
import type { FerryConfig } from '../../core/config.js';
import { FerryError } from '../../core/errors.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { bulkFormatOf } from '../../adapters/bulk/bulk-records.js';
import type { BulkSummaryView } from '../../http/contracts/messages.js';
import type { BulkIngest } from '../../http/deps.js';
import { launchThread, spawnThread, type RunningThread } from './thread-host.js';

export interface IngestThreadDeps {
  /** Every subscription; their secrets are dropped before they cross to the thread. */
  readonly subscriptions: () => Promise<Subscription[]>;
  /** One subscription by id or name (ERR_SUBSCRIPTION_NOT_FOUND when there is none), without its secrets too. */
  readonly subscription: (idOrName: string) => Promise<Subscription>;
  /** The thread queued new transfers for these subscriptions. */
  readonly queued: (subscriptionIds: readonly string[]) => void;
  /** The thread ended without being asked to; the next upload starts another. */
  readonly onCrash: (reason: Error) => void;
  /** Makes the worker; by default `spawnIngestThread`. */
  readonly spawn?: (config: FerryConfig) => Worker;
}

/**
 * The ingest thread's worker (see spawnThread). With V8's default young generation, Ferry's peak RSS while 200,000
 * Messages were uploaded was 290 MB (247 MB with ingest on the main thread); with 24 MB it was 261 MB, and with
 * 3 MB (and the main and dispatch threads' young generations held too) 253 MB.
 */
export function spawnIngestThread(config: FerryConfig): Worker {
  return spawnThread('ingest-thread', config);
}

export interface IngestThread extends BulkIngest {
  /** Settles once the first thread has started, or failed to (reported, and tried again by the next upload). */
  started(): Promise<void>;
  close(): Promise<void>;
}

const unavailable = (message: string): FerryError => new FerryError('ERR_INGEST_UNAVAILABLE', message);

const withoutSecrets = (s: Subscription): Subscription => ({
  ...s,
  clientSecret: undefined,
  apiKey: undefined,
});

/**
 * Bulk uploads on the ingest thread. The thread starts with Ferry, in the background (the first upload waits for
 * it), and stays; one that ended, or failed to start, is reported, an upload it was reading fails with
 * ERR_INGEST_UNAVAILABLE (the batches stored before stay stored, as when a client goes away), and the next
 * upload starts another thread.
 */
export function startIngestThread(config: FerryConfig, deps: IngestThreadDeps): IngestThread {
  let current: Promise<RunningThread> | undefined;
  let closing = false;
  let next = 0;
  const thread = (): Promise<RunningThread> => {
    if (closing) return Promise.reject(unavailable('Ferry is shutting down'));
    current ??= launchThread({
      spawn: () => (deps.spawn ?? spawnIngestThread)(config),
      handlers: {
        subscriptions: async () => (await deps.subscriptions()).map(withoutSecrets),
        subscription: async (idOrName: string) => withoutSecrets(await deps.subscription(idOrName)),
        queued: (ids: readonly string[]) => deps.queued(ids),
      },
      name: 'the ingest thread',
      unavailable,
      ended: (reason) => {
        current = undefined;
        if (!closing) deps.onCrash(reason);
      },
    }).catch((err: unknown) => {
      current = undefined;
      throw unavailable(
        `the ingest thread did not start: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    return current;
  };
  // Started now, so the first upload finds it ready rather than paying for its start.
  const first = thread().then(
    () => undefined,
    (err: unknown) => {
      if (!closing) deps.onCrash(err instanceof Error ? err : new Error(String(err)));
    },
  );

  return {
    started: () => first,
    formatOf: bulkFormatOf,
    async ingest(source, format) {
      const { rpc } = await thread();
      const id = next++;
      await rpc.call('begin', id, format);
      try {
        // One chunk crosses at a time: the thread takes it before the next is read from the client.
        for await (const chunk of source) await rpc.call('chunk', id, chunk);
      } catch (err) {
        rpc.cast('abort', id, err instanceof Error ? err.message : String(err));
        throw err;
      }
      return rpc.call<BulkSummaryView>('end', id);
    },
    async close() {
      closing = true;
      const running = await current?.catch(() => undefined);
      if (running === undefined) return;
      await running.rpc.call('close').catch(() => undefined);
      await running.worker.terminate();
    },
  };
}
