// Section 2: Ferry end to end on SQLite with the throttle off: bulk ingest → outbox → delivered → recorded.
import { THROTTLE_OFF, waitFor, withRig, type BenchRig } from './rig.js';
import { measureThreads, type ThreadShares } from './threads.js';

export interface ThroughputResult {
  readonly messages: number;
  /** First byte of the bulk upload until its summary arrived. */
  readonly ingestSeconds: number;
  /** First byte of the bulk upload until the subscription showed every transfer delivered. */
  readonly seconds: number;
  readonly perSecond: number;
  /** CPU time of this whole process (simulator and load generator included) per message, ms. */
  readonly cpuMsPerMessage: number;
  readonly accepted: number;
  readonly simAccepted: number;
  readonly counts: Record<string, number>;
  /** Each thread's share of a core over the timed part; undefined without /proc. */
  readonly threads: ThreadShares | undefined;
}

/**
 * Sends `warmup` Messages through the subscription's whole path (bulk ingest to delivered) and waits for them,
 * so V8 has optimised Ferry's code on both threads before a clock starts, as in a service that has been running.
 */
async function warmUp(rig: BenchRig, sub: string, warmup: number): Promise<void> {
  if (warmup === 0) return;
  const ingest = await rig.ferry.bulk('warm-up', warmup);
  if (ingest.accepted !== warmup) throw new Error(`only ${ingest.accepted} of ${warmup} warm-up accepted`);
  await waitFor(() => rig.sim.state.messagesAccepted() >= warmup, 600_000);
  await rig.ferry.waitDelivered(sub, warmup, 60_000, 20);
}

/**
 * The subscription is saved (and its Connection Test done) and warmed up before the clock starts; the clock
 * stops at the first poll of GET /api/v1/subscriptions/{id} that shows `count` more delivered.
 */
export function runThroughput(count: number, warmup: number): Promise<ThroughputResult> {
  return withRig('throughput', {}, async (rig) => {
    const { sim, ferry } = rig;
    const sub = await ferry.subscribe(sim.url, THROTTLE_OFF);
    await warmUp(rig, sub, warmup);
    const cpu = process.cpuUsage();
    const threads = measureThreads();
    const started = performance.now();
    const ingest = await ferry.bulk('e2e', count);
    if (ingest.accepted !== count) throw new Error(`only ${ingest.accepted} of ${count} accepted`);
    // Polling Ferry costs a COUNT over the outbox each time, so wait for the simulator's count (free) first.
    await waitFor(() => sim.state.messagesAccepted() >= warmup + count, 600_000);
    const done = await ferry.waitDelivered(sub, warmup + count, 60_000, 20);
    const seconds = (done.atMs - started) / 1_000;
    const used = process.cpuUsage(cpu);
    const shares = threads();
    return {
      messages: count,
      ingestSeconds: ingest.ms / 1_000,
      seconds,
      perSecond: count / seconds,
      cpuMsPerMessage: (used.user + used.system) / 1_000 / count,
      accepted: ingest.accepted,
      simAccepted: sim.state.stats().messagesAccepted - warmup,
      counts: done.counts,
      threads: shares,
    };
  });
}

export interface DeliveryAloneResult {
  readonly messages: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** CPU time of this whole process (simulator included) per message, ms. */
  readonly cpuMsPerMessage: number;
  /** Each thread's share of a core over the timed part; undefined without /proc. */
  readonly threads: ThreadShares | undefined;
}

/**
 * Delivery without ingest: after the warm-up, `count` Messages are queued behind a throttle of one call an hour
 * (the warm-up's calls fill that window, so nothing is sent), then the throttle is lifted; the clock runs from
 * that PATCH until the simulator has accepted every one. Separates the cost of delivery from that of ingest.
 */
export function runDeliveryAlone(count: number, warmup: number): Promise<DeliveryAloneResult> {
  return withRig('delivery', {}, async (rig) => {
    const { sim, ferry } = rig;
    const hourly = { throttleLimit: 1, throttleSeconds: 3_600 };
    const sub = await ferry.subscribe(
      sim.url,
      warmup > 0 ? THROTTLE_OFF : { ...THROTTLE_OFF, ...hourly },
      false,
    );
    await warmUp(rig, sub, warmup);
    if (warmup > 0) await ferry.update(sub, hourly);
    const ingest = await ferry.bulk('queued', count);
    if (ingest.accepted !== count) throw new Error(`only ${ingest.accepted} of ${count} accepted`);
    const cpu = process.cpuUsage();
    const threads = measureThreads();
    const started = performance.now();
    await ferry.update(sub, {
      throttleLimit: THROTTLE_OFF.throttleLimit,
      throttleSeconds: THROTTLE_OFF.throttleSeconds,
    });
    await waitFor(() => sim.state.messagesAccepted() >= warmup + count, 600_000);
    const seconds = (performance.now() - started) / 1_000;
    const used = process.cpuUsage(cpu);
    return {
      messages: count,
      seconds,
      perSecond: count / seconds,
      cpuMsPerMessage: (used.user + used.system) / 1_000 / count,
      threads: threads(),
    };
  });
}
