// `ferry worker`: dispatches only, beside any number of others, on shared PostgreSQL storage and Redis coordination.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { systemClock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import { ConfigError, FerryError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { SecretScrubber } from '../core/secret-scrubber.js';
import { FileSendJournal } from '../adapters/journal/file-send-journal.js';
import { createLogger, writeToStderr } from '../adapters/log/pino-logger.js';
import { DataDirLock } from '../adapters/storage/data-dir-lock.js';
import { Dispatcher } from '../engine/delivery/dispatcher.js';
import { composeSubscriptions } from './compose.js';
import { coordinationFor, outboundFor, runtimesFor } from './compose-adapters.js';
import { openStorage } from './compose-storage.js';
import { openKeyring } from './open-keyring.js';

/**
 * How often a worker looks for new work and changed subscriptions, ms: the API that queues a Message runs in
 * another process, so nothing wakes the lanes here (a due read per subscription per look, cheap when empty).
 */
const LOOK_FOR_WORK_MS = 200;
const LOOK_FOR_CHANGES_MS = 500;

export interface FerryWorker {
  /** This worker's owner id on the claims it makes. */
  readonly owner: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

/** Refuses what cannot be shared: an SQLite data directory, no Redis, a key file only this machine has. */
function checkShared(config: FerryConfig): void {
  if (config.databaseUrl === undefined)
    throw new FerryError(
      'ERR_WORKER_STORAGE_UNSHARED',
      'ferry worker needs storage every process shares: set FERRY_DATABASE_URL=postgres://… (one process owns an SQLite data directory; use `ferry serve` for it)',
    );
  const missing = [
    ...(config.redisUrl === undefined ? ['FERRY_REDIS_URL'] : []),
    ...(config.masterKey === undefined ? ['FERRY_MASTER_KEY'] : []),
  ];
  if (missing.length > 0)
    throw new ConfigError(
      `ferry worker needs ${missing.join(' and ')}: every worker shares the throttle through Redis and unseals with the API's master key`,
      missing.map((path) => ({ path, code: 'required', message: 'required by ferry worker' })),
    );
}

export async function startWorker(
  config: FerryConfig,
  options: { logWrite?: (line: string) => void } = {},
): Promise<FerryWorker> {
  checkShared(config);
  const clock = systemClock;
  const scrubber = new SecretScrubber();
  const logger = createLogger({ level: config.logLevel, scrubber, write: options.logWrite ?? writeToStderr });
  // The worker's own directory holds only its send journal (what it may have sent when it dies).
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = DataDirLock.acquire(dataDir);
  const closers: (() => Promise<void> | void)[] = [() => lock.release()];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const { keyring } = openKeyring(config, dataDir);
    const storage = await openStorage(config);
    closers.push(() => storage.close());
    await storage.migrate();
    const coordination = await coordinationFor(config, { clock, logger });
    if (coordination === undefined) throw new Error('unreachable: checked above');
    closers.push(() => coordination.close());
    await coordination.ready();
    const fetch = outboundFor(config);
    closers.push(() => fetch.close());
    const runtimes = runtimesFor(config, { fetch, clock, logger, scrubber, coordination, sealer: keyring });
    closers.push(() => runtimes.closeAll());
    const subscriptions = composeSubscriptions({ storage, sealer: keyring, scrubber, clock }, runtimes, {
      onChange: () => dispatcher.changed(),
    });
    const journal = new FileSendJournal(FileSendJournal.fileIn(dataDir));
    closers.push(() => journal.close());
    const dispatcher = new Dispatcher({
      storage,
      runtimes,
      clock,
      logger,
      subscriptions: () => subscriptions.list(),
      markAuthFailed: (id, detail) => subscriptions.markAuthFailed(id, detail),
      journal,
      soleOwner: false,
      concurrency: config.workerConcurrency,
    });
    await dispatcher.start();
    closers.push(() => dispatcher.stop());
    const work = setInterval(() => dispatcher.notify(undefined, true), LOOK_FOR_WORK_MS);
    const changes = setInterval(() => void dispatcher.changed(), LOOK_FOR_CHANGES_MS);
    closers.push(() => {
      clearInterval(work);
      clearInterval(changes);
    });
    logger.info({ owner: dispatcher.owner, dataDir }, 'ferry worker is dispatching');
    return { owner: dispatcher.owner, logger, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
