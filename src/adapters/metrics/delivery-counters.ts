// Delivery's counters in a prom-client registry of their own, kept where delivery runs (the dispatch thread).
import { Registry } from 'prom-client';
import type { DeliveryObserver } from '../../core/ports/delivery-observer.js';
import { counterIn, DELIVERY_METRICS, latencyIn } from './metric-defs.js';

export interface DeliveryCounters {
  readonly observer: DeliveryObserver;
  /** The counts as prom-client JSON, to send to the thread that serves /metrics and merge there. */
  json(): Promise<unknown[]>;
}

/** Delivery's metrics (see DELIVERY_METRICS) in a registry of their own. */
export function createDeliveryCounters(): DeliveryCounters {
  const registry = new Registry();
  const attempts = counterIn(registry, DELIVERY_METRICS.attempts);
  const latency = latencyIn(registry, DELIVERY_METRICS.latency);
  const waits = counterIn(registry, DELIVERY_METRICS.throttleWaits);
  const waited = counterIn(registry, DELIVERY_METRICS.throttleWaitSeconds);
  const tokens = counterIn(registry, DELIVERY_METRICS.tokenRequests);
  // Each attempt counts twice: the children of its labels are looked up once, not hashed from labels each time
  // (prom-client's label hashing was most of the 2.6% of the dispatch thread these counters took).
  const attemptsOf = new Map<string, ReturnType<typeof attempts.labels>>();
  const latencyOf = new Map<string, ReturnType<typeof latency.labels>>();
  return {
    observer: {
      attempt(subscription, outcome, durationMs) {
        const key = `${subscription}\n${outcome}`;
        let counted = attemptsOf.get(key);
        if (counted === undefined)
          attemptsOf.set(key, (counted = attempts.labels({ subscription, outcome })));
        counted.inc();
        let timed = latencyOf.get(subscription);
        if (timed === undefined) latencyOf.set(subscription, (timed = latency.labels({ subscription })));
        timed.observe(durationMs / 1_000);
      },
      throttled(subscription, waitMs) {
        waits.inc({ subscription });
        waited.inc({ subscription }, waitMs / 1_000);
      },
      tokenRequest(subscription) {
        tokens.inc({ subscription });
      },
    },
    json: () => registry.getMetricsAsJSON(),
  };
}
