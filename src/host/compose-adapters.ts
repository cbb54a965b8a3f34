// The composition root's factories for what every thread opens on its own: coordination, outbound HTTP (storage
// is in compose-storage.ts).
import { readFileSync } from 'node:fs';
import type { Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import { listenerAuthConfig } from '../core/delivery/listener.js';
import type { DeliveryObserver } from '../core/ports/delivery-observer.js';
import type { Coordination } from '../core/ports/coordination.js';
import type { Destination } from '../core/ports/destination.js';
import type { Logger } from '../core/ports/logger.js';
import type { TransportOptions } from '../core/ports/outbound.js';
import type { Sealer } from '../core/ports/sealer.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { createAuthMethods } from '../adapters/auth/index.js';
import { createOutboundFetch, type ClosableOutboundFetch } from '../adapters/http/outbound.js';
import type { RedisCoordination } from '../adapters/coordination/redis-coordination.js';
import { createMoveworksClient } from '../adapters/moveworks/events-client.js';
import { shareToken } from '../adapters/moveworks/shared-token.js';
import { createListenerClient } from '../adapters/moveworks/listener-client.js';
import { SubscriptionRuntimes } from '../engine/delivery/subscription-runtime.js';

/** The outbound fetch every call to a remote system goes through: address policy, timeouts, extra CA. */
export function outboundFor(config: FerryConfig, transport: TransportOptions = {}): ClosableOutboundFetch {
  return createOutboundFetch({
    timeoutMs: config.httpTimeoutMs,
    allow: config.outboundAllow,
    extraCaPem: config.caFile === undefined ? undefined : readFileSync(config.caFile, 'utf8'),
    ...transport,
  });
}

/** Redis coordination when FERRY_REDIS_URL is set (ioredis loads only then); undefined for the in-process default. */
export async function coordinationFor(
  config: FerryConfig,
  deps: { clock: Clock; logger: Logger },
): Promise<RedisCoordination | undefined> {
  if (config.redisUrl === undefined) return undefined;
  const { RedisCoordination } = await import('../adapters/coordination/redis-coordination.js');
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
