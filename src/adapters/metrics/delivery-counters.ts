// Delivery's counters in a prom-client registry of their own, kept where delivery runs (the dispatch thread).
import { Counter, Histogram, Registry } from 'prom-client';
import type { DeliveryObserver } from '../../core/ports/delivery-observer.js';

/** Seconds: a send to Moveworks takes tens of milliseconds; the long tail is timeouts and slow token endpoints. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface DeliveryCounters {
  readonly observer: DeliveryObserver;
  /** The counts as prom-client JSON, to send to the thread that serves /metrics and merge there. */
  json(): Promise<unknown[]>;
}

/**
 * Labels are the subscription id and the outcome only: names change and would start new series (the name is
 * joined in from `ferry_subscription_info`), and nothing per Message or per transfer is ever a label.
 */
export function createDeliveryCounters(): DeliveryCounters {
  const registry = new Registry();
  const attempts = new Counter({
    name: 'ferry_delivery_attempts_total',
    help: 'Delivery attempts by outcome (delivered, failed, unconfirmed, retrying, rate_limited, unauthorized).',
    labelNames: ['subscription', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'ferry_delivery_request_duration_seconds',
    help: 'Time of one delivery attempt against the Moveworks API, a token request included.',
    labelNames: ['subscription'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const waits = new Counter({
    name: 'ferry_throttle_waits_total',
    help: 'Calls that waited for the throttle window or a 429 pause.',
    labelNames: ['subscription'] as const,
    registers: [registry],
  });
  const waited = new Counter({
    name: 'ferry_throttle_wait_seconds_total',
    help: 'Time calls spent waiting for the throttle window or a 429 pause.',
    labelNames: ['subscription'] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'ferry_token_requests_total',
    help: 'Token requests sent to the Moveworks token endpoint.',
    labelNames: ['subscription'] as const,
    registers: [registry],
  });
  return {
    observer: {
      attempt(subscription, outcome, durationMs) {
        attempts.inc({ subscription, outcome });
        latency.observe({ subscription }, durationMs / 1_000);
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
