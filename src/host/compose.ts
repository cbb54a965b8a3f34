// The composition root: config → adapters → engine, built the same way for `ferry serve`, its threads and tests
// (the per-thread coordination and outbound factories are in compose-adapters.ts, storage in compose-storage.ts,
// mapping and Messages in compose-messaging.ts).
import type { Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { ConnectorAuthProvider } from '../core/ports/auth.js';
import type { Coordination } from '../core/ports/coordination.js';
import type { Logger } from '../core/ports/logger.js';
import type { OutboundFetch } from '../core/ports/outbound.js';
import type { Sealer } from '../core/ports/sealer.js';
import type { Storage } from '../core/ports/storage.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { generateAssertionKeyPair } from '../adapters/auth/assertion-key-pair.js';
import { createAuthMethods } from '../adapters/auth/index.js';
import { oidcSignIn } from '../adapters/auth/oidc-sign-in.js';
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
import type { MoveworksAccess } from '../engine/delivery/subscription-runtime.js';
import {
  SubscriptionService,
  type SubscriptionServiceDeps,
} from '../engine/subscriptions/subscription-service.js';
import type { ApiDeps } from '../http/deps.js';
import { OAUTH_CALLBACK_PATH, type EndUserDeps } from '../http/end-user/deps.js';
import { outboundFor } from './compose-adapters.js';

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
 * Subscriptions, sealed with the foundation's sealer, over the gates and clients of `runtimes`; `hooks` say what a
 * change sets off (the lanes to re-read, and for `serve` the default mappings).
 */
export function composeSubscriptions(
  f: Pick<Foundation, 'storage' | 'sealer' | 'scrubber' | 'clock'>,
  runtimes: MoveworksAccess,
  hooks: Pick<SubscriptionServiceDeps, 'onChange' | 'afterCreate' | 'afterDestinationChange'>,
): SubscriptionService {
  const { storage, sealer, scrubber, clock } = f;
  return new SubscriptionService({ storage, sealer, scrubber, clock, runtimes, ...hooks });
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
