// /metrics in the Prometheus text format: delivery's counters (from the dispatch thread) merged with queue depth.
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import {
  ZERO_TOTALS,
  type DeliveryMetrics,
  type DeliveryTotals,
} from '../../core/ports/delivery-observer.js';
import { DELIVERY_METRICS, gaugeIn, QUEUE_METRICS } from './metric-defs.js';

export interface SubscriptionQueue {
  readonly id: string;
  readonly name: string;
  /** Transfers by status (queued, sending, delivered, failed, ...). */
  readonly transfers: Readonly<Partial<Record<string, number>>>;
}

export interface PromMetricsDeps {
  /** Delivery's counters as prom-client JSON (see delivery-counters.ts); [] when no delivery runs here. */
  readonly counters: () => Promise<unknown[]>;
  /** Every subscription with its transfers by status, read at each scrape. */
  readonly queues: () => Promise<SubscriptionQueue[]>;
}

type Json = MetricObjectWithValues<MetricValue<string>>;

/** Which counter feeds which total (the outcome label splits the attempts). */
const OUTCOME_TOTALS: Readonly<Record<string, keyof DeliveryTotals>> = {
  delivered: 'delivered',
  failed: 'failed',
  unconfirmed: 'unconfirmed',
  retrying: 'retrying',
  rate_limited: 'rateLimited',
  unauthorized: 'unauthorized',
};
const COUNTER_TOTALS: Readonly<Record<string, keyof DeliveryTotals>> = {
  [DELIVERY_METRICS.throttleWaits.name]: 'throttleWaits',
  [DELIVERY_METRICS.throttleWaitSeconds.name]: 'throttleWaitSeconds',
  [DELIVERY_METRICS.tokenRequests.name]: 'tokenRequests',
};

export function createPromMetrics(deps: PromMetricsDeps): DeliveryMetrics {
  // Process metrics (CPU, memory, event loop delay) of the serving thread, registered once.
  const process = new Registry();
  collectDefaultMetrics({ register: process, prefix: 'ferry_' });

  const queueJson = async (): Promise<Json[]> => {
    const registry = new Registry();
    const transfers = gaugeIn(registry, QUEUE_METRICS.transfers);
    const depth = gaugeIn(registry, QUEUE_METRICS.depth);
    const info = gaugeIn(registry, QUEUE_METRICS.info);
    for (const q of await deps.queues()) {
      info.set({ subscription: q.id, name: q.name }, 1);
      for (const [status, n] of Object.entries(q.transfers))
        transfers.set({ subscription: q.id, status }, n ?? 0);
      depth.set({ subscription: q.id }, (q.transfers.queued ?? 0) + (q.transfers.sending ?? 0));
    }
    return registry.getMetricsAsJSON();
  };

  return {
    async totals() {
      const out = new Map<string, Record<keyof DeliveryTotals, number>>();
      const of = (id: string) => {
        let t = out.get(id);
        if (t === undefined) out.set(id, (t = { ...ZERO_TOTALS }));
        return t;
      };
      for (const metric of (await deps.counters()) as Json[]) {
        for (const v of metric.values) {
          const id = v.labels.subscription;
          if (typeof id !== 'string') continue;
          const key =
            metric.name === DELIVERY_METRICS.attempts.name
              ? OUTCOME_TOTALS[String(v.labels.outcome)]
              : COUNTER_TOTALS[metric.name];
          if (key !== undefined) of(id)[key] += v.value;
        }
      }
      return out;
    },
    async exposition() {
      const parts = [await process.getMetricsAsJSON(), await queueJson(), (await deps.counters()) as Json[]];
      const merged = AggregatorRegistry.aggregate(parts);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
