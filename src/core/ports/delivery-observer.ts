// What delivery tells whoever counts it (Prometheus metrics, the console's charts): a port with no dependencies.
import type { AttemptOutcome } from './delivery-storage.js';

/**
 * Told of every attempt, throttle wait and token request, on the hot path: implementations only count, never
 * block, never throw, and never keep anything per Message.
 */
export interface DeliveryObserver {
  /** One attempt ended with this outcome after `durationMs` (the send, a token request included). */
  attempt(subscriptionId: string, outcome: AttemptOutcome, durationMs: number): void;
  /** A call waited `waitMs` at the gate for the throttle window or a 429 pause (not for a concurrency slot). */
  throttled(subscriptionId: string, waitMs: number): void;
  /** A token request went to the subscription's token endpoint. */
  tokenRequest(subscriptionId: string): void;
}

/** Totals since the counting process started, per subscription. */
export interface DeliveryTotals {
  readonly delivered: number;
  readonly failed: number;
  readonly unconfirmed: number;
  readonly retrying: number;
  /** 429 answers: each paused the subscription. */
  readonly rateLimited: number;
  readonly unauthorized: number;
  readonly throttleWaits: number;
  readonly throttleWaitSeconds: number;
  readonly tokenRequests: number;
}

export const ZERO_TOTALS: DeliveryTotals = {
  delivered: 0,
  failed: 0,
  unconfirmed: 0,
  retrying: 0,
  rateLimited: 0,
  unauthorized: 0,
  throttleWaits: 0,
  throttleWaitSeconds: 0,
  tokenRequests: 0,
};

/** Reads the counts back, wherever delivery runs (this thread or the dispatch thread). */
export interface DeliveryMetrics {
  /** Totals per subscription id. */
  totals(): Promise<ReadonlyMap<string, DeliveryTotals>>;
  /** The Prometheus text exposition (with queue depth read at the time of the scrape). */
  exposition(): Promise<{ contentType: string; body: string }>;
}
