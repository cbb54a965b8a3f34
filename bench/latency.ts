// Section 5: ingest-to-delivered latency, one POST /api/v1/messages every 1/rate s, matched at the simulator.
import { THROTTLE_OFF, withRig } from './rig.js';

export interface LatencyResult {
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly sent: number;
  readonly matched: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

/**
 * Sends are paced by an absolute schedule (no drift) and not awaited, so a slow answer never lowers the rate.
 * Latency = the simulator's `receivedAtMs` minus Date.now() taken just before the POST (one machine clock).
 */
export function runLatency(ratePerSecond: number, seconds: number): Promise<LatencyResult> {
  return withRig('latency', {}, async ({ sim, ferry }) => {
    await ferry.subscribe(sim.url, THROTTLE_OFF);
    // One warm-up send, so the token and the first connection are not part of the figures.
    await ferry.send('warm', 0);
    await new Promise((r) => setTimeout(r, 500));
    const total = Math.round(ratePerSecond * seconds);
    const sentAt = new Map<string, number>();
    const pending: Promise<number>[] = [];
    const start = performance.now() + 50;
    for (let i = 0; i < total; i++) {
      const wait = start + (i * 1_000) / ratePerSecond - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sentAt.set(`lat message ${i}`, Date.now());
      pending.push(ferry.send('lat', i));
    }
    const statuses = await Promise.all(pending);
    if (statuses.some((s) => s !== 202)) throw new Error(`unexpected statuses: ${statuses.join(',')}`);
    const deadline = Date.now() + 10_000;
    while (sim.state.messagesAccepted() < total + 1 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const latencies: number[] = [];
    for (const m of sim.state.messages()) {
      const at = sentAt.get(m.message);
      if (at !== undefined) latencies.push(m.receivedAtMs - at);
    }
    latencies.sort((a, b) => a - b);
    return {
      ratePerSecond,
      seconds,
      sent: total,
      matched: latencies.length,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? NaN,
    };
  });
}
