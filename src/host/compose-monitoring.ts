// Composes /metrics and Integration Monitoring from delivery's counters and the transfers' statuses.
import type { Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { DeliveryMetrics } from '../core/ports/delivery-observer.js';
import type { TransferStatus } from '../core/ports/delivery-storage.js';
import type { Subscription } from '../core/subscriptions/subscription.js';
import { createPromMetrics } from '../adapters/metrics/prom-metrics.js';
import { MonitoringHistory, type QueueReading } from '../engine/monitoring/monitoring-history.js';

/**
 * /metrics and Integration Monitoring: delivery's counters (asked of the dispatch thread at each read) with every
 * subscription's transfers by status, sampled every `monitorIntervalMs` for the console's charts.
 */
export function composeMonitoring(d: {
  readonly config: FerryConfig;
  readonly clock: Clock;
  readonly subscriptions: () => Promise<Subscription[]>;
  readonly countByStatus: (id: string) => Promise<Partial<Record<TransferStatus, number>>>;
  readonly counters: () => Promise<unknown[]>;
}): { metrics: DeliveryMetrics; monitoring: MonitoringHistory } {
  const queues = async (): Promise<QueueReading[]> =>
    Promise.all(
      (await d.subscriptions()).map(async (s) => ({
        id: s.id,
        name: s.name,
        transfers: await d.countByStatus(s.id),
      })),
    );
  const metrics = createPromMetrics({ counters: d.counters, queues });
  const monitoring = new MonitoringHistory({
    metrics,
    queues,
    clock: d.clock,
    intervalMs: d.config.monitorIntervalMs,
  });
  return { metrics, monitoring };
}
