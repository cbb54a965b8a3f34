// Composition of connector auth: the per-method adapters handed to the engine's token lifecycle.
import { createAuthMethods } from '../adapters/auth/index.js';
import type { Clock } from '../core/clock.js';
import type { ConnectorAuthProvider } from '../core/ports/auth.js';
import type { Logger } from '../core/ports/logger.js';
import type { OutboundFetch } from '../core/ports/outbound.js';
import type { Sealer } from '../core/ports/sealer.js';
import type { Storage } from '../core/ports/storage.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { createConnectorAuthProvider } from '../engine/connectors/connector-auth-provider.js';

export interface AuthWiringDeps {
  readonly fetch: OutboundFetch;
  readonly storage: Storage;
  readonly sealer: Sealer;
  readonly clock: Clock;
  readonly scrubber: SecretScrubber;
  readonly logger: Logger;
}

export function createAuthProvider(d: AuthWiringDeps): ConnectorAuthProvider {
  const methods = createAuthMethods({ fetch: d.fetch, clock: d.clock, scrubber: d.scrubber });
  return createConnectorAuthProvider({
    methods,
    credentials: d.storage.credentials,
    sealer: d.sealer,
    clock: d.clock,
    scrubber: d.scrubber,
    logger: d.logger,
  });
}
