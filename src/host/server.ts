// `ferry serve`: opens the data directory, starts the threads and the HTTP listener, and shuts down in order.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { systemClock, type Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { Logger } from '../core/ports/logger.js';
import { SecretScrubber } from '../core/secret-scrubber.js';
import { rotateMasterKey } from '../adapters/crypto/key-rotation.js';
import { createLogger, writeToStderr } from '../adapters/log/pino-logger.js';
import type { DeliveryControl } from '../engine/delivery/dispatcher.js';
import type { MoveworksAccess } from '../engine/delivery/subscription-runtime.js';
import { switchCollections } from '../engine/mappings/destination-switch.js';
import { TransferService } from '../engine/messages/transfer-service.js';
import { DataDirLock } from '../adapters/storage/data-dir-lock.js';
import { createApp } from '../http/app.js';
import { composeConnectors, composeSubscriptions } from './compose.js';
import { composeMessaging } from './compose-messaging.js';
import { coordinationFor, outboundFor, runtimesFor } from './compose-adapters.js';
import { openStorage } from './compose-storage.js';
import { composeMonitoring } from './compose-monitoring.js';
import { startDemo } from './demo.js';
import { closeHttp, HTTP_CLOSE_GRACE_MS, listen, startError } from './http-listener.js';
import { openKeyring } from './open-keyring.js';
import { startDispatchThread, type DispatchThread } from './threads/dispatch-host.js';
import { startIngestThread } from './threads/ingest-host.js';

export interface ServerOptions {
  /**
   * The main thread's clock (tokens, sessions, single Messages' ingest times); the dispatch and ingest threads keep
   * the system clock.
   */
  readonly clock?: Clock;
  /** Where log lines go; default standard error. */
  readonly logWrite?: (line: string) => void;
  /** Makes the dispatch thread's worker (default `spawnDispatchThread`); tests wrap it to reach the thread. */
  readonly spawnDispatchThread?: (config: FerryConfig) => Worker;
  /** Makes the ingest thread's worker (default `spawnIngestThread`); tests wrap it to reach the thread. */
  readonly spawnIngestThread?: (config: FerryConfig) => Worker;
}

export interface FerryServer {
  readonly url: string;
  readonly port: number;
  /** The admin token created on the first start, when there was none; print it once. */
  readonly bootstrapToken: string | undefined;
  /** Copy-paste demo instructions when the demo runs (FERRY_DEMO, on by default). */
  readonly demoInstructions: string | undefined;
  readonly keySource: 'file' | 'env';
  readonly logger: Logger;
  close(): Promise<void>;
}

export async function startServer(config: FerryConfig, options: ServerOptions = {}): Promise<FerryServer> {
  const clock = options.clock ?? systemClock;
  const scrubber = new SecretScrubber();
  const logWrite = options.logWrite ?? writeToStderr;
  const logger = createLogger({ level: config.logLevel, scrubber, write: logWrite });
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // Before anything else in the directory is read or written: a second process stops here, changing nothing.
  const lock = DataDirLock.acquire(dataDir);

  // Everything opened registers how to close it, so a failed start-up leaves nothing running.
  const closers: (() => Promise<void>)[] = [() => Promise.resolve(lock.release())];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const { keyring, keySource } = openKeyring(config, dataDir);
    const storage = await openStorage(config);
    closers.push(() => storage.close());
    await storage.migrate();

    const fetch = outboundFor(config);
    closers.push(() => fetch.close());
    // Known once listening, unless FERRY_PUBLIC_URL names it (behind a proxy).
    let listeningUrl = '';
    const publicUrl = () => (config.publicUrl ?? listeningUrl).replace(/\/+$/, '');
    const coordination = await coordinationFor(config, { clock, logger });
    if (coordination) closers.push(() => coordination.close());
    const foundation = { config, clock, logger, scrubber, storage, sealer: keyring, fetch, coordination };
    const connectorParts = composeConnectors(foundation, publicUrl);

    let dispatcher: DeliveryControl | undefined;
    // With dispatch on, delivery (and every call to Moveworks) runs on its own thread; otherwise the Connection
    // Tests run here.
    let thread: DispatchThread | undefined;
    let runtimes: MoveworksAccess;
    if (config.dispatch) {
      const started = await startDispatchThread(config, {
        // Through this thread's scrubber as well: it knows the connectors' secrets the other never sees.
        logWrite: (line) => logWrite(scrubber.scrub(line)),
        subscriptions: () => subscriptions.list(),
        markAuthFailed: (id, detail) => subscriptions.markAuthFailed(id, detail),
        onCrash: (reason) =>
          logger.error({ err: reason.message }, 'the dispatch thread stopped; starting another'),
        ...(options.spawnDispatchThread ? { spawn: options.spawnDispatchThread } : {}),
      });
      closers.push(() => started.close());
      thread = started;
      runtimes = started.access;
    } else {
      // API only: the Connection and Send Tests count against the gates the workers share.
      const local = runtimesFor(config, { fetch, clock, logger, scrubber, coordination, sealer: keyring });
      closers.push(() => Promise.resolve(local.closeAll()));
      runtimes = local;
    }
    const subscriptions = composeSubscriptions(foundation, runtimes, {
      // Saved either way: a dispatch thread that cannot follow now reads the settings when it starts again.
      onChange: async () => {
        await dispatcher
          ?.changed()
          .catch((err: unknown) =>
            logger.warn({ err: String(err) }, 'delivery did not take a subscription change'),
          );
      },
      afterCreate: (sub): Promise<void> =>
        sub.createDefaultMappings ? mappings.createDefault(sub.id, sub.destination) : Promise.resolve(),
      afterDestinationChange: (sub) => switchCollections(mappings, sub),
    });
    const listSubscriptions = () => subscriptions.list();
    // New Messages only: they sort after whatever the lanes already hold (see Lane.wake).
    const onAppended = (ids: readonly string[]) => dispatcher?.notify(ids, true);
    const {
      mappings,
      messages,
      close: closeFormulas,
    } = composeMessaging(foundation, {
      subscription: (id) => subscriptions.get(id),
      subscriptions: listSubscriptions,
      onQueued: onAppended,
    });
    closers.push(() => Promise.resolve(closeFormulas()));
    const transfers = new TransferService({
      storage,
      clock,
      subscription: (id) => subscriptions.get(id),
      planner: () => messages.planner(),
      onQueued: (ids) => dispatcher?.notify(ids),
    });

    const bulk = startIngestThread(config, {
      subscriptions: listSubscriptions,
      subscription: (idOrName) => subscriptions.get(idOrName),
      queued: onAppended,
      onCrash: (reason) =>
        logger.error(
          { err: reason.message },
          'the ingest thread stopped; the next bulk upload starts another',
        ),
      ...(options.spawnIngestThread ? { spawn: options.spawnIngestThread } : {}),
    });
    closers.push(() => bulk.close());

    const { metrics, monitoring } = composeMonitoring({
      config,
      clock,
      subscriptions: listSubscriptions,
      countByStatus: (id) => transfers.countByStatus(id),
      counters: () => thread?.metrics() ?? Promise.resolve([]),
    });
    monitoring.start();
    closers.push(() => monitoring.stop());

    const app = createApp({
      ...connectorParts,
      subscriptions,
      messages,
      transfers,
      bulk,
      mappings,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      metrics,
      metricsPublic: config.metricsPublic,
      monitoring,
      ready: () => storage.ping(),
      rotateKeys: () => rotateMasterKey({ keyring, storage, source: keySource, dataDir }),
    });

    const { connectors, actions, tokens } = connectorParts;
    const demo = config.demo ? await startDemo({ connectors, actions, subscriptions, logger }) : undefined;
    if (demo) closers.push(() => demo.close());
    if (thread) {
      const delivery = thread.delivery;
      await delivery.start();
      dispatcher = delivery;
      // Before the thread closes: requests in flight get to record their outcome.
      closers.push(() => delivery.stop());
    }
    // Listening once the ingest thread is up too (started in the background above), so no upload waits for it.
    await bulk.started();
    const server = await listen(app.fetch, config.host, config.port);
    closers.push(() => closeHttp(server, HTTP_CLOSE_GRACE_MS));
    // Only once listening: a token created by a start that then failed would never be shown to anyone.
    const bootstrapToken = await tokens.bootstrap();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    listeningUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    logger.info({ port, dataDir, storage: storage.kind, keySource }, 'ferry is listening');

    return {
      url: listeningUrl,
      port,
      bootstrapToken,
      demoInstructions: demo?.instructions,
      keySource,
      logger,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw startError(error, config);
  }
}
