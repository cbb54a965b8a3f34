// Entry of the dispatch thread: the dispatcher, the Moveworks runtimes and their own connection to the database,
// so delivery and ingest each have a core. Everything else stays on the main thread (see dispatch-host.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../core/clock.js';
import type { FerryConfig } from '../../core/config.js';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { createLogger } from '../../adapters/log/pino-logger.js';
import { createDeliveryCounters } from '../../adapters/metrics/delivery-counters.js';
import { FileSendJournal } from '../../adapters/journal/file-send-journal.js';
import { PortRpc } from '../../adapters/thread/port-rpc.js';
import { Dispatcher } from '../../engine/delivery/dispatcher.js';
import { coordinationFor, outboundFor, runtimesFor } from '../compose-adapters.js';
import { openStorage } from '../compose-storage.js';

const port = parentPort;
if (port === null) throw new Error('dispatch-thread.ts runs only as a worker thread (see dispatch-host.ts)');
const { config } = workerData as { config: FerryConfig };

const scrubber = new SecretScrubber();
/** Subscriptions come unsealed from the main thread: their secrets are masked in this thread's logs too. */
const learn = <T extends Subscription>(sub: T): T => {
  scrubber.add(sub.clientSecret, sub.apiKey);
  return sub;
};
// Handlers run only once this module has finished loading, when everything below exists.
const rpc = new PortRpc(port, {
  start: () => dispatcher.start(),
  notify: (ids?: readonly string[], appended?: boolean) => dispatcher.notify(ids, appended),
  changed: () => dispatcher.changed(),
  stop: (graceMs?: number) => dispatcher.stop(graceMs),
  test: (sub: Subscription, saved: boolean) => runtimes.test(learn(sub), saved),
  send: (sub: Subscription, payload: unknown) => runtimes.send(learn(sub), payload),
  forget: (id: string) => runtimes.forget(id),
  metrics: () => counters.json(),
  close: async () => {
    runtimes.closeAll();
    await coordination?.close();
    await fetch.close();
    journal.close();
    await storage.close();
  },
});
const logger = createLogger({
  level: config.logLevel,
  scrubber,
  write: (line) => rpc.cast('log', line),
});
const storage = await openStorage(config);
const journal = new FileSendJournal(FileSendJournal.fileIn(config.dataDir));
const fetch = outboundFor(config);
// Counted here, where delivery runs; the main thread asks for them at each scrape (see dispatch-host.ts).
const counters = createDeliveryCounters();
const observer = counters.observer;
// With FERRY_REDIS_URL the gates hold across processes; the token stays in this one (the thread holds no key).
const coordination = await coordinationFor(config, { clock: systemClock, logger });
const runtimes = runtimesFor(config, { fetch, clock: systemClock, logger, scrubber, observer, coordination });
const dispatcher = new Dispatcher({
  storage,
  runtimes,
  clock: systemClock,
  logger,
  subscriptions: async () => (await rpc.call<Subscription[]>('subscriptions')).map(learn),
  markAuthFailed: (id, detail) => rpc.call('markAuthFailed', id, detail),
  journal,
  // On SQLite the data-directory lock (taken by `ferry serve` before anything opens the database) proves it; a
  // PostgreSQL database is shared by every process that names it, so a start there takes only lapsed leases.
  soleOwner: storage.kind === 'sqlite',
  observer,
});

rpc.cast('ready');
