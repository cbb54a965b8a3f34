// One rig for connector auth tests against real servers: SQLite in a temp dir, the real Keyring, outbound fetch.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuthMethods } from '../../src/adapters/auth/index.js';
import { Keyring } from '../../src/adapters/crypto/keyring.js';
import {
  createOutboundFetch,
  type ClosableOutboundFetch,
  type OutboundFetchOptions,
} from '../../src/adapters/http/outbound.js';
import { SqliteStorage } from '../../src/adapters/storage/sqlite/sqlite-storage.js';
import type { Action } from '../../src/core/actions/action.js';
import { ManualClock } from '../../src/core/clock.js';
import type { AuthConfig } from '../../src/core/connectors/auth-config.js';
import type { Connector } from '../../src/core/connectors/connector.js';
import type { ConnectorAuth } from '../../src/core/ports/auth.js';
import { SecretScrubber } from '../../src/core/secret-scrubber.js';
import { runAction } from '../../src/engine/actions/action-runner.js';
import { createConnectorAuthProvider } from '../../src/engine/connectors/connector-auth-provider.js';
import { ConnectorService } from '../../src/engine/connectors/connector-service.js';
import { captureLogger } from './capture-logger.js';
import { caught, errorText } from './secret-leaks.js';

/**
 * Open it in `beforeAll` once the servers run (`extraCaPem` is read then: the CAs Ferry trusts the way `caFile`
 * makes it), close it in `afterAll`; `storage` and `fetch` exist between the two.
 */
export function connectorRig(name: string, extraCaPem: () => string | undefined = () => undefined) {
  const clock = new ManualClock(Date.now());
  const scrubber = new SecretScrubber();
  const logger = captureLogger(scrubber);
  const keyring = new Keyring([randomBytes(32)]);
  /** Errors collected by `failure`, for the leak check. */
  const errors: unknown[] = [];
  const transports: { close(): Promise<void> }[] = [];
  let dir: string | undefined;
  let db: SqliteStorage | undefined;
  let outbound: ClosableOutboundFetch | undefined;
  const dbPath = () => join(dir ?? '', 'ferry.db');
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`the ${name} rig is not open`);
    return value;
  };

  const rig = {
    clock,
    scrubber,
    logger,
    keyring,
    errors,
    get storage(): SqliteStorage {
      return opened(db);
    },
    get fetch(): ClosableOutboundFetch {
      return opened(outbound);
    },
    /** Closed with the rig. */
    track<T extends { close(): Promise<void> }>(transport: T): T {
      transports.push(transport);
      return transport;
    },
    /** Auth methods opening their own transports (client certificates, a pool per handshake) on the rig's CAs. */
    methods: () =>
      createAuthMethods({
        fetch: rig.fetch,
        clock,
        scrubber,
        transports: (options: OutboundFetchOptions) =>
          rig.track(createOutboundFetch({ extraCaPem: extraCaPem(), ...options })),
      }),
    /** A new provider, so a new pool of connections. */
    provider: () =>
      createConnectorAuthProvider({
        methods: rig.methods(),
        credentials: rig.storage.credentials,
        sealer: keyring,
        clock,
        scrubber,
        logger,
      }),
    connectors: () =>
      new ConnectorService({ storage: rig.storage, sealer: keyring, auth: rig.provider(), scrubber, clock }),
    connector(connectorName: string, baseUrl: string, auth: AuthConfig): Connector {
      const at = new Date(clock.now()).toISOString();
      return { name: connectorName, description: '', baseUrl, auth, createdAt: at, updatedAt: at };
    },
    /** Runs `action` (a `/things` call) on `connector`, authorized by `auth` (a new provider's by default). */
    run(connector: Connector, action: Action, auth: ConnectorAuth = rig.provider().forConnector(connector)) {
      const deps = { fetch: rig.fetch, auth, logger, scrubber, defaultTimeoutMs: 5_000 };
      return runAction(deps, { ...action, connector: connector.name }, connector, { inputs: {} });
    },
    /** Awaits a rejection and keeps the error. */
    failure: (promise: Promise<unknown>) => caught(promise, errors),
    /** The database file as stored, read with the database closed (then opened again). */
    async databaseFile(): Promise<string> {
      await rig.storage.close();
      const file = readFileSync(dbPath()).toString('latin1');
      db = new SqliteStorage(dbPath());
      return file;
    },
    /** What a caller could see: every log line and every error `failure` kept. */
    seenTexts: () => [
      ...logger.lines.map((text) => ({ where: 'log', text })),
      ...errors.map((e) => ({ where: 'error', text: errorText(e) })),
    ],
    async open(): Promise<void> {
      outbound = createOutboundFetch({ extraCaPem: extraCaPem() });
      dir = await mkdtemp(join(tmpdir(), `ferry-${name}-`));
      db = new SqliteStorage(dbPath());
      await db.migrate();
    },
    async close(): Promise<void> {
      await Promise.all([...transports, rig.fetch].map((t) => t.close()));
      await rig.storage.close();
      await rm(opened(dir), { recursive: true, force: true });
    },
  };
  return rig;
}

/** A `GET /things` action (or a POST carrying `{"n":1}`) on a connector the rig's `run` names. */
export const thingsAction = (method: 'GET' | 'POST' = 'GET'): Action => ({
  name: 'things',
  description: '',
  connector: 'c',
  method,
  endpoint: '/things',
  headers: {},
  query: {},
  ...(method === 'POST' ? { body: '{"n":1}' } : {}),
  createdAt: '',
  updatedAt: '',
});
