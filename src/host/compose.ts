// The Moveworks side of delivery, built the same way on whichever thread runs it: outbound HTTP and the runtimes.
import { readFileSync } from 'node:fs';
import type { Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { Logger } from '../core/ports/logger.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { createOutboundFetch, type ClosableOutboundFetch } from '../adapters/http/outbound.js';
import { createMoveworksClient } from '../adapters/moveworks/events-client.js';
import { SubscriptionRuntimes } from '../engine/delivery/subscription-runtime.js';

/** The outbound fetch every call to a remote system goes through: address policy, timeouts, extra CA. */
export function outboundFor(config: FerryConfig): ClosableOutboundFetch {
  return createOutboundFetch({
    timeoutMs: config.httpTimeoutMs,
    allow: config.outboundAllow,
    extraCaPem: config.caFile === undefined ? undefined : readFileSync(config.caFile, 'utf8'),
  });
}

/** Gates and Events API clients per subscription, sending through `fetch`. */
export function runtimesFor(
  config: FerryConfig,
  deps: { fetch: ClosableOutboundFetch; clock: Clock; logger: Logger; scrubber: SecretScrubber },
): SubscriptionRuntimes {
  const { fetch, clock, logger, scrubber } = deps;
  return new SubscriptionRuntimes({
    fetch: fetch.text,
    clock,
    logger,
    scrubber,
    createClient: (settings, gatedFetch) =>
      createMoveworksClient({
        apiUrl: settings.apiUrl,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        apiKey: settings.apiKey,
        fetch: gatedFetch,
        clock,
        timeoutMs: config.httpTimeoutMs,
      }),
  });
}
