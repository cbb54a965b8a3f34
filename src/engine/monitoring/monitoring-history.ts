// Integration Monitoring's time series: delivery totals and queue depth sampled at a fixed interval, in memory.
import type { Clock } from '../../core/clock.js';
import {
  ZERO_TOTALS,
  type DeliveryMetrics,
  type DeliveryTotals,
} from '../../core/ports/delivery-observer.js';

/** One interval of one subscription: counts in the interval, and the queue at its end. */
export interface MonitoringPoint {
  /** End of the interval, ms since the epoch. */
  readonly at: number;
  readonly delivered: number;
  readonly failed: number;
  readonly unconfirmed: number;
  /** Calls held by the throttle window. */
  readonly throttled: number;
  /** 429 answers, each a pause of the whole subscription. */
  readonly paused: number;
  /** Queued and sending transfers at the end of the interval. */
  readonly queued: number;
}

export interface QueueReading {
  readonly id: string;
  readonly name: string;
  readonly transfers: Readonly<Partial<Record<string, number>>>;
}

export interface MonitoringHistoryDeps {
  readonly metrics: DeliveryMetrics;
  readonly queues: () => Promise<QueueReading[]>;
  readonly clock: Clock;
  /** Sampling interval, ms (FERRY_MONITOR_INTERVAL_MS). */
  readonly intervalMs: number;
  /** Points kept per subscription; default 360 (30 minutes at 5 s). */
  readonly keep?: number;
}

/**
 * Keeps the last `keep` points per subscription. Totals are counted where delivery runs and start from zero
 * when that thread is replaced: a total lower than the last one is a restart, and counts in full.
 */
export class MonitoringHistory {
  private readonly series = new Map<string, MonitoringPoint[]>();
  private readonly last = new Map<string, DeliveryTotals>();
  private timer: NodeJS.Timeout | undefined;
  private sampling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: MonitoringHistoryDeps) {}

  /** How often a point is added, ms. */
  get intervalMs(): number {
    return this.deps.intervalMs;
  }

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.sampling;
  }

  /** The points of one subscription, oldest first. */
  points(subscriptionId: string): readonly MonitoringPoint[] {
    return this.series.get(subscriptionId) ?? [];
  }

  /** Takes one sample now (the timer calls this; a failed read skips the interval). */
  sample(): Promise<void> {
    this.sampling = this.sampling.then(() => this.read()).catch(() => undefined);
    return this.sampling;
  }

  private async read(): Promise<void> {
    const [totals, queues] = await Promise.all([this.deps.metrics.totals(), this.deps.queues()]);
    const at = this.deps.clock.now();
    const keep = this.deps.keep ?? 360;
    const live = new Set(queues.map((q) => q.id));
    for (const id of this.series.keys()) if (!live.has(id)) this.series.delete(id);
    for (const q of queues) {
      const now = totals.get(q.id) ?? ZERO_TOTALS;
      const before = this.last.get(q.id) ?? ZERO_TOTALS;
      this.last.set(q.id, now);
      const delta = (key: keyof DeliveryTotals) =>
        now[key] >= before[key] ? now[key] - before[key] : now[key];
      const points = this.series.get(q.id) ?? [];
      points.push({
        at,
        delivered: delta('delivered'),
        failed: delta('failed'),
        unconfirmed: delta('unconfirmed'),
        throttled: delta('throttleWaits'),
        paused: delta('rateLimited'),
        queued: (q.transfers.queued ?? 0) + (q.transfers.sending ?? 0),
      });
      if (points.length > keep) points.splice(0, points.length - keep);
      this.series.set(q.id, points);
    }
  }
}
