// The composition root: config → adapters → engine, built the same way for `ferry serve`, its threads and tests.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { Message } from '../core/messages/message.js';
import { listenerAuthConfig } from '../core/delivery/listener.js';
import type { ConnectorAuthProvider } from '../core/ports/auth.js';
import type { DeliveryObserver } from '../core/ports/delivery-observer.js';
import type { Coordination } from '../core/ports/coordination.js';
import type { Destination } from '../core/ports/destination.js';
import type { Logger } from '../core/ports/logger.js';
import type { OutboundFetch, TransportOptions } from '../core/ports/outbound.js';
import type { Sealer } from '../core/ports/sealer.js';
import type { Storage } from '../core/ports/storage.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { Subscription } from '../core/subscriptions/subscription.js';
import { generateAssertionKeyPair } from '../adapters/auth/assertion-key-pair.js';
import { createAuthMethods } from '../adapters/auth/index.js';
import { oidcSignIn } from '../adapters/auth/oidc-sign-in.js';
import { bulkFormatOf, readBulkRecords } from '../adapters/bulk/bulk-records.js';
import { createQuickJsFormulaEngine } from '../adapters/formula/quickjs-formula-engine.js';
import { createOutboundFetch, type ClosableOutboundFetch } from '../adapters/http/outbound.js';
import { RedisCoordination } from '../adapters/coordination/redis-coordination.js';
import { createMoveworksClient } from '../adapters/moveworks/events-client.js';
import { shareToken } from '../adapters/moveworks/shared-token.js';
import { createListenerClient } from '../adapters/moveworks/listener-client.js';
import { openPostgresStorage } from '../adapters/storage/postgres/postgres-storage.js';
import { SqliteStorage } from '../adapters/storage/sqlite/sqlite-storage.js';
import { AdminTokens } from '../engine/access/admin-tokens.js';
import { runAction } from '../engine/actions/action-runner.js';
import { ActionService } from '../engine/actions/action-service.js';
import { createConnectorAuthProvider } from '../engine/connectors/connector-auth-provider.js';
import { AssertionKeyring } from '../engine/connectors/assertion-keyring.js';
import { ConnectorKeys } from '../engine/connectors/connector-keys.js';
import { ConnectorService } from '../engine/connectors/connector-service.js';
import { testConnector } from '../engine/connectors/connector-tester.js';
import { AuthorizationStates } from '../engine/consent/authorization-states.js';
import { Connections } from '../engine/consent/connections.js';
import { EndUserSessions } from '../engine/consent/end-user-sessions.js';
import { SubscriptionRuntimes } from '../engine/delivery/subscription-runtime.js';
import { MappingService } from '../engine/mappings/mapping-service.js';
import { ingestRecords } from '../engine/messages/bulk-ingest.js';
import { MessageService } from '../engine/messages/message-service.js';
import type { ApiDeps, BulkIngest } from '../http/deps.js';
import { OAUTH_CALLBACK_PATH, type EndUserDeps } from '../http/end-user/deps.js';

/** What every part is built on: one per thread. */
export interface Foundation {
  readonly config: FerryConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly scrubber: SecretScrubber;
  readonly storage: Storage;
  readonly sealer: Sealer;
  readonly fetch: OutboundFetch;
  /** Shared by every process in scale-out (FERRY_REDIS_URL); absent: this process only. */
  readonly coordination?: Coordination | undefined;
}

/**
 * The database: PostgreSQL when FERRY_DATABASE_URL names one, else SQLite in the data directory (the embedded
 * default). Each thread opens its own connection (or pool); the caller runs `migrate()` once at start-up.
 */
export function openStorage(config: FerryConfig): Storage {
  if (config.databaseUrl !== undefined) return openPostgresStorage(config.databaseUrl);
  return new SqliteStorage(SqliteStorage.fileIn(resolve(config.dataDir)));
}

/** The outbound fetch every call to a remote system goes through: address policy, timeouts, extra CA. */
export function outboundFor(config: FerryConfig, transport: TransportOptions = {}): ClosableOutboundFetch {
  return createOutboundFetch({
    timeoutMs: config.httpTimeoutMs,
    allow: config.outboundAllow,
    extraCaPem: config.caFile === undefined ? undefined : readFileSync(config.caFile, 'utf8'),
    ...transport,
  });
}

/** Redis coordination when FERRY_REDIS_URL is set; undefined for the in-process default. */
export function coordinationFor(
  config: FerryConfig,
  deps: { clock: Clock; logger: Logger },
): RedisCoordination | undefined {
  if (config.redisUrl === undefined) return undefined;
  return new RedisCoordination({ url: config.redisUrl, clock: deps.clock, logger: deps.logger });
}

/**
 * Gates and destination clients per subscription, sending through `fetch`: the Events API client, or a webhook
 * listener client whose credentials come from the connectors' own auth methods. With a shared `coordination` the
 * gates hold across processes, and with a `sealer` too the Events API token is shared (sealed) by all of them.
 */
export function runtimesFor(
  config: FerryConfig,
  deps: {
    fetch: ClosableOutboundFetch;
    clock: Clock;
    logger: Logger;
    scrubber: SecretScrubber;
    observer?: DeliveryObserver;
    coordination?: Coordination | undefined;
    sealer?: Sealer | undefined;
  },
): SubscriptionRuntimes {
  const { fetch, clock, logger, scrubber, observer, coordination, sealer } = deps;
  const shareTokens =
    coordination === undefined || sealer === undefined
      ? undefined
      : (credentials: Parameters<typeof shareToken>[1]) =>
          shareToken({ coordination, sealer, clock }, credentials);
  const methods = createAuthMethods({ fetch, clock, scrubber });
  const timeoutMs = config.httpTimeoutMs;
  return new SubscriptionRuntimes({
    fetch: fetch.text,
    clock,
    logger,
    scrubber,
    observer,
    ...(coordination === undefined ? {} : { coordination }),
    createDestination: (settings, gatedFetch): Destination =>
      settings.destination === 'listener'
        ? {
            kind: 'listener',
            client: createListenerClient({
              apiUrl: settings.apiUrl,
              listenerId: settings.listenerId ?? '',
              auth: methods.create(`subscription ${settings.name}`, listenerAuthConfig(settings)),
              fetch: gatedFetch,
              clock,
              timeoutMs,
            }),
          }
        : {
            kind: 'events',
            client: createMoveworksClient({
              apiUrl: settings.apiUrl,
              clientId: settings.clientId,
              clientSecret: settings.clientSecret,
              apiKey: settings.apiKey,
              fetch: gatedFetch,
              clock,
              timeoutMs,
              ...(shareTokens === undefined ? {} : { shareTokens }),
            }),
          },
  });
}

export type ConnectorParts = Pick<
  ApiDeps,
  'connectors' | 'actions' | 'tokens' | 'endUser' | 'testConnector' | 'connectorKeys' | 'scrub'
> & {
  readonly auth: ConnectorAuthProvider;
};

/** Connectors with their auth, the actions run through them, admin tokens and the end-user side. */
export function composeConnectors(f: Foundation, publicUrl: () => string): ConnectorParts {
  const { storage, sealer, clock, scrubber, logger, fetch, config } = f;
  const keyring = new AssertionKeyring({
    credentials: storage.credentials,
    sealer,
    clock,
    generate: generateAssertionKeyPair,
  });
  const methods = createAuthMethods({
    fetch,
    clock,
    scrubber,
    transports: (options) => outboundFor(config, options),
    keys: keyring,
  });
  const auth = createConnectorAuthProvider({
    methods,
    credentials: storage.credentials,
    sealer,
    clock,
    scrubber,
    logger,
    ...(f.coordination === undefined ? {} : { coordination: f.coordination }),
  });
  const connectors = new ConnectorService({ storage, sealer, auth, scrubber, clock });
  const runnerDeps = (connector: Parameters<typeof auth.forConnector>[0], strict = false) => ({
    fetch,
    auth: auth.forConnector(connector),
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
  return {
    auth,
    connectors,
    actions,
    connectorKeys: new ConnectorKeys(connectors, keyring),
    tokens: new AdminTokens(storage, clock),
    scrub: (t) => scrubber.scrub(t),
    endUser: composeEndUser(f, { connectors, auth, publicUrl }),
    testConnector: async (name) =>
      testConnector(
        {
          auth: (c) => auth.forConnector(c),
          run: (action, connector, input) => runAction(runnerDeps(connector), action, connector, input),
          scrub: (t) => scrubber.scrub(t),
        },
        await connectors.get(name),
      ),
  };
}

/** Sign-in (OpenID Connect or one-time links), sessions, authorization states and end users' connections. */
function composeEndUser(
  f: Foundation,
  engine: { connectors: ConnectorService; auth: ConnectorAuthProvider; publicUrl: () => string },
): EndUserDeps {
  const { config } = f;
  const states = new AuthorizationStates(f.storage.endUsers.authorizationStates, f.sealer, f.clock);
  const signIn =
    config.oidcIssuer === undefined ||
    config.oidcClientId === undefined ||
    config.oidcClientSecret === undefined
      ? undefined
      : oidcSignIn({
          issuer: config.oidcIssuer,
          clientId: config.oidcClientId,
          clientSecret: config.oidcClientSecret,
          fetch: f.fetch,
        });
  f.scrubber.add(config.oidcClientSecret);
  return {
    sessions: new EndUserSessions({ storage: f.storage.endUsers, states, clock: f.clock, signIn }),
    connections: new Connections({
      connectors: engine.connectors,
      auth: engine.auth,
      states,
      scrubber: f.scrubber,
      redirectUri: () => `${engine.publicUrl()}${OAUTH_CALLBACK_PATH}`,
    }),
    publicUrl: engine.publicUrl,
    // Secure cookies are never sent over plain http, so the default follows the public URL's scheme.
    cookieSecure: config.cookieSecure ?? (config.publicUrl ?? '').startsWith('https:'),
    clock: f.clock,
    logger: f.logger,
  };
}

export interface MessagingLinks {
  /** A subscription by id or name (secrets not needed: mapping and planning never use them). */
  subscription(idOrName: string): Promise<Subscription>;
  subscriptions(): Promise<Subscription[]>;
  /** New Messages were queued for delivery. */
  onQueued(ids: readonly string[]): void;
}

/** Mapping collections and the Messages they map, on a formula engine of their own (one per thread). */
export async function composeMessaging(
  d: { readonly config: FerryConfig; readonly storage: Storage; readonly clock: Clock },
  links: MessagingLinks,
): Promise<{ mappings: MappingService; messages: MessageService; bulk: BulkIngest; close: () => void }> {
  const { storage, clock } = d;
  const formulas = await createQuickJsFormulaEngine({
    timeoutMs: d.config.formulaTimeoutMs,
    memoryBytes: d.config.formulaMemoryBytes,
  });
  const mappings = new MappingService({
    storage,
    clock,
    formulas,
    subscription: (idOrName) => links.subscription(idOrName),
    parseMessage: (body): Message => messages.parse(body),
  });
  const messages = new MessageService({
    storage,
    clock,
    subscriptions: () => links.subscriptions(),
    mapper: () => mappings.mapper(),
    onQueued: (ids) => links.onQueued(ids),
  });
  const bulk: BulkIngest = {
    formatOf: bulkFormatOf,
    ingest: (source, format) => ingestRecords(messages, readBulkRecords(source, format)),
  };
  return { mappings, messages, bulk, close: () => formulas.close() };
}
