// Composition of the end-user side: sign-in (OpenID Connect or links), sessions, states and connections.
import { oidcSignIn } from '../adapters/auth/oidc-sign-in.js';
import type { Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { ConnectorAuthProvider } from '../core/ports/auth.js';
import type { Logger } from '../core/ports/logger.js';
import type { OutboundFetch } from '../core/ports/outbound.js';
import type { Sealer } from '../core/ports/sealer.js';
import type { Storage } from '../core/ports/storage.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { AuthorizationStates } from '../engine/consent/authorization-states.js';
import { Connections } from '../engine/consent/connections.js';
import type { ConnectorService } from '../engine/connectors/connector-service.js';
import { EndUserSessions } from '../engine/consent/end-user-sessions.js';
import { OAUTH_CALLBACK_PATH, type EndUserDeps } from '../http/end-user/deps.js';

export interface EndUserWiringDeps {
  readonly config: FerryConfig;
  readonly storage: Storage;
  readonly sealer: Sealer;
  readonly clock: Clock;
  readonly fetch: OutboundFetch;
  readonly scrubber: SecretScrubber;
  readonly logger: Logger;
}

export function createEndUser(
  d: EndUserWiringDeps,
  engine: { connectors: ConnectorService; auth: ConnectorAuthProvider; publicUrl: () => string },
): EndUserDeps {
  const { config } = d;
  const states = new AuthorizationStates(d.storage.endUsers.authorizationStates, d.sealer, d.clock);
  const signIn =
    config.oidcIssuer === undefined ||
    config.oidcClientId === undefined ||
    config.oidcClientSecret === undefined
      ? undefined
      : oidcSignIn({
          issuer: config.oidcIssuer,
          clientId: config.oidcClientId,
          clientSecret: config.oidcClientSecret,
          fetch: d.fetch,
        });
  d.scrubber.add(config.oidcClientSecret);
  return {
    sessions: new EndUserSessions({ storage: d.storage.endUsers, states, clock: d.clock, signIn }),
    connections: new Connections({
      connectors: engine.connectors,
      auth: engine.auth,
      states,
      scrubber: d.scrubber,
      redirectUri: () => `${engine.publicUrl()}${OAUTH_CALLBACK_PATH}`,
    }),
    publicUrl: engine.publicUrl,
    // Secure cookies are never sent over plain http, so the default follows the public URL's scheme.
    cookieSecure: config.cookieSecure ?? (config.publicUrl ?? '').startsWith('https:'),
    clock: d.clock,
    logger: d.logger,
  };
}
