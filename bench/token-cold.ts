// Section 4: token requests the live delivery path makes for 1,000 sends accepted at once on a cold cache.
import { withRig } from './rig.js';

export interface TokenColdResult {
  readonly messages: number;
  readonly concurrency: number;
  /** Token requests the simulator saw from the bulk POST until every transfer was delivered. */
  readonly liveTokenRequests: number;
  /** Token requests made by the Connection Test while the subscription was saved (not counted above). */
  readonly connectionTestTokenRequests: number;
  readonly delivered: number;
}

/**
 * The live client's token cache is cold: the Connection Test runs on a separate probe client, so its token is
 * never reused by delivery. Concurrency is the maximum (256) so as many sends as possible wait on one token.
 */
export function runTokenCold(count: number): Promise<TokenColdResult> {
  return withRig('token', {}, async ({ sim, ferry }) => {
    const concurrency = 256;
    const sub = await ferry.subscribe(sim.url, {
      throttleLimit: 1_000_000,
      throttleSeconds: 1,
      concurrentConnections: concurrency,
    });
    const before = sim.state.stats().tokenRequests;
    const ingest = await ferry.bulk('token', count);
    if (ingest.accepted !== count) throw new Error(`only ${ingest.accepted} of ${count} accepted`);
    const done = await ferry.waitDelivered(sub, count, 120_000);
    return {
      messages: count,
      concurrency,
      liveTokenRequests: sim.state.stats().tokenRequests - before,
      connectionTestTokenRequests: before,
      delivered: done.counts.delivered ?? 0,
    };
  });
}
