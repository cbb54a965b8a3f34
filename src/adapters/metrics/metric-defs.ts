// Ferry's metrics as data (name, help, labels), each made into a prom-client metric in the registry given.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface MetricDef<L extends string> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
}

const metric = <L extends string>(name: string, help: string, ...labelNames: L[]): MetricDef<L> => ({
  name,
  help,
  labelNames,
});

/** Seconds: a send to Moveworks takes tens of milliseconds; the long tail is timeouts and slow token endpoints. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Delivery's metrics, counted where delivery runs and read back by name for the console's totals. Labels are the
 * subscription id and the outcome only: names change and would start new series (the name is joined in from
 * `ferry_subscription_info`), and nothing per Message or per transfer is ever a label.
 */
export const DELIVERY_METRICS = {
  attempts: metric(
    'ferry_delivery_attempts_total',
    'Delivery attempts by outcome (delivered, failed, unconfirmed, retrying, rate_limited, unauthorized).',
    'subscription',
    'outcome',
  ),
  latency: metric(
    'ferry_delivery_request_duration_seconds',
    'Time of one delivery attempt against the Moveworks API, a token request included.',
    'subscription',
  ),
  throttleWaits: metric(
    'ferry_throttle_waits_total',
    'Calls that waited for the throttle window or a 429 pause.',
    'subscription',
  ),
  throttleWaitSeconds: metric(
    'ferry_throttle_wait_seconds_total',
    'Time calls spent waiting for the throttle window or a 429 pause.',
    'subscription',
  ),
  tokenRequests: metric(
    'ferry_token_requests_total',
    'Token requests sent to the Moveworks token endpoint.',
    'subscription',
  ),
};

/** The queue gauges, set afresh from storage at each scrape. */
export const QUEUE_METRICS = {
  transfers: metric('ferry_transfers', 'Transfers by status, per subscription.', 'subscription', 'status'),
  depth: metric(
    'ferry_queue_depth',
    'Transfers waiting to be sent or in flight (queued + sending), per subscription.',
    'subscription',
  ),
  info: metric(
    'ferry_subscription_info',
    'Always 1; joins a subscription id to its current name.',
    'subscription',
    'name',
  ),
};

export const counterIn = <L extends string>(registry: Registry, def: MetricDef<L>): Counter<L> =>
  new Counter({ ...def, registers: [registry] });

export const gaugeIn = <L extends string>(registry: Registry, def: MetricDef<L>): Gauge<L> =>
  new Gauge({ ...def, registers: [registry] });

/** A latency histogram in seconds. */
export const latencyIn = <L extends string>(registry: Registry, def: MetricDef<L>): Histogram<L> =>
  new Histogram({ ...def, buckets: LATENCY_BUCKETS, registers: [registry] });
