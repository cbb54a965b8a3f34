// Composition root of `ferry serve`: config → adapters → engine → HTTP, and an orderly shutdown.
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { systemClock, type Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { Message } from '../core/messages/message.js';
import type { Subscription } from '../core/subscriptions/subscription.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { SecretScrubber } from '../core/secret-scrubber.js';
import { rotateMasterKey } from '../adapters/crypto/key-rotation.js';
import { loadOrCreateKeyFile, readKeyFile } from '../adapters/crypto/key-file.js';
import { Keyring, parseMasterKey } from '../adapters/crypto/keyring.js';
import { createLogger, writeToStderr } from '../adapters/log/pino-logger.js';
import { SqliteStorage } from '../adapters/storage/sqlite/sqlite-storage.js';
import { ActionService } from '../engine/actions/action-service.js';
import type { DeliveryControl } from '../engine/delivery/dispatcher.js';
import { MappingService } from '../engine/mappings/mapping-service.js';
import { MessageService } from '../engine/messages/message-service.js';
import { createQuickJsFormulaEngine } from '../adapters/formula/quickjs-formula-engine.js';
import type { MoveworksAccess } from '../engine/delivery/subscription-runtime.js';
import { SubscriptionService } from '../engine/subscriptions/subscription-service.js';
import { TransferService } from '../engine/messages/transfer-service.js';
import { runAction } from '../engine/actions/action-runner.js';
import { AdminTokens } from '../engine/access/admin-tokens.js';
import { ConnectorService } from '../engine/connectors/connector-service.js';
import { testConnector } from '../engine/connectors/connector-tester.js';
import { createApp } from '../http/app.js';
import { createAuthProvider } from './auth-wiring.js';
import { createEndUser } from './end-user-wiring.js';
import { startDemo } from './demo.js';
import { startDispatchThread, type DispatchThread } from './threads/dispatch-host.js';
import { startIngestThread } from './threads/ingest-host.js';
import { outboundFor, runtimesFor } from './compose.js';

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

  const { keyring, keySource } = openKeyring(config, dataDir);
  // Everything opened registers how to close it, so a failed start-up leaves nothing running.
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const storage = new SqliteStorage(SqliteStorage.fileIn(dataDir));
    closers.push(() => storage.close());
    await storage.migrate();

    const fetch = outboundFor(config);
    closers.push(() => fetch.close());
    // Known once listening, unless FERRY_PUBLIC_URL names it (behind a proxy).
    let listeningUrl = '';
    const publicUrl = () => (config.publicUrl ?? listeningUrl).replace(/\/+$/, '');
    const authProvider = createAuthProvider({ fetch, storage, sealer: keyring, clock, scrubber, logger });
    const connectors = new ConnectorService({
      storage,
      sealer: keyring,
      auth: authProvider,
      scrubber,
      clock,
    });
    const runnerDeps = (connector: Parameters<typeof authProvider.forConnector>[0], strict = false) => ({
      fetch,
      auth: authProvider.forConnector(connector),
      logger,
      scrubber,
      defaultTimeoutMs: config.httpTimeoutMs,
      strictLogReduction: strict,
    });
    const actions = new ActionService({
      storage,
      connectors,
      clock,
      run: async (action, connectorName, input, options) => {
        const connector = await connectors.get(connectorName);
        return runAction(runnerDeps(connector, options.strictLogReduction), action, connector, input);
      },
      connectionsUrl: () => `${publicUrl()}/connections`,
    });
    const tokens = new AdminTokens(storage, clock);
    const endUser = createEndUser(
      { config, storage, sealer: keyring, clock, fetch, scrubber, logger },
      {
        connectors,
        auth: authProvider,
        publicUrl,
      },
    );

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
      const local = runtimesFor(config, { fetch, clock, logger, scrubber });
      closers.push(() => Promise.resolve(local.closeAll()));
      runtimes = local;
    }
    const subscriptions = new SubscriptionService({
      storage,
      sealer: keyring,
      scrubber,
      clock,
      runtimes,
      onChange: () => dispatcher?.changed(),
      afterCreate: (sub): Promise<void> =>
        sub.createDefaultMappings ? mappings.createDefault(sub.id) : Promise.resolve(),
    });
    const formulas = await createQuickJsFormulaEngine({
      timeoutMs: config.formulaTimeoutMs,
      memoryBytes: config.formulaMemoryBytes,
    });
    closers.push(() => Promise.resolve(formulas.close()));
    const mappings = new MappingService({
      storage,
      clock,
      formulas,
      subscription: (id): Promise<Subscription> => subscriptions.get(id),
      parseMessage: (body): Message => messages.parse(body),
    });
    const listSubscriptions = () => subscriptions.list();
    const onQueued = (ids?: readonly string[]) => dispatcher?.notify(ids);
    // New Messages only: they sort after whatever the lanes already hold (see Lane.wake).
    const onAppended = (ids: readonly string[]) => dispatcher?.notify(ids, true);
    const messages = new MessageService({
      storage,
      clock,
      subscriptions: listSubscriptions,
      mapper: () => mappings.mapper(),
      onQueued: onAppended,
    });
    const transfers = new TransferService({
      storage,
      clock,
      subscription: (id) => subscriptions.get(id),
      planner: () => messages.planner(),
      onQueued,
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

    const app = createApp({
      connectors,
      actions,
      tokens,
      subscriptions,
      messages,
      transfers,
      bulk,
      mappings,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      endUser,
      ready: () => storage.ping(),
      testConnector: async (name) =>
        testConnector(
          {
            auth: (c) => authProvider.forConnector(c),
            run: (action, connector, input) => runAction(runnerDeps(connector), action, connector, input),
            scrub: (t) => scrubber.scrub(t),
          },
          await connectors.get(name),
        ),
      rotateKeys: () => rotateMasterKey({ keyring, storage, source: keySource, dataDir }),
    });

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

/** A port already taken is the operator's to change: say which setting does it. */
function startError(error: unknown, config: FerryConfig): unknown {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error;
  const message = `port ${config.port} on ${config.host} is already in use; choose another with --port or FERRY_PORT`;
  return new ConfigError(message, [{ path: 'FERRY_PORT', code: 'port_in_use', message }]);
}

function openKeyring(config: FerryConfig, dataDir: string): { keyring: Keyring; keySource: 'file' | 'env' } {
  if (config.masterKey === undefined) {
    const { keys } = loadOrCreateKeyFile(dataDir);
    return { keyring: new Keyring(keys, () => readKeyFile(dataDir)), keySource: 'file' };
  }
  const texts = [config.masterKey, ...config.previousMasterKeys];
  const keys = texts.map((t) => parseMasterKey(t));
  const bad = keys.flatMap((k, i) =>
    k ? [] : [i === 0 ? 'FERRY_MASTER_KEY' : `FERRY_MASTER_KEY_PREVIOUS[${i - 1}]`],
  );
  if (bad.length > 0)
    throw new ConfigError(
      `${bad.join(', ')} must be 32 bytes as base64 or 64 hex characters (generate one: openssl rand -base64 32)`,
      bad.map((path) => ({ path, code: 'invalid_key', message: 'must be 32 bytes as base64 or hex' })),
    );
  return { keyring: new Keyring(keys as Buffer[]), keySource: 'env' };
}

/** How long requests in flight get to finish at shutdown (a Connection Test may be waiting out a throttle). */
const HTTP_CLOSE_GRACE_MS = 5_000;

/** Stops accepting connections (idle keep-alive ones end at once) and cuts requests still open after the grace. */
function closeHttp(server: ServerType, graceMs: number): Promise<void> {
  return new Promise((done) => {
    const cut = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(cut);
      done();
    });
  });
}

function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<ServerType> {
  return new Promise((resolveListen, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolveListen(server));
    server.once('error', reject);
  });
}
