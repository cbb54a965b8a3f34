// Section 3: throttle accuracy, Limit 600 per 60 s against a simulator that itself admits 600 per minute.
import { maxInWindow } from '../src/sim/index.js';
import { withRig } from './rig.js';

export const THROTTLE_LIMIT = 600;
export const THROTTLE_WINDOW_MS = 60_000;

export interface ThrottleResult {
  readonly offered: number;
  readonly durationSeconds: number;
  /** Most API requests (token, auth test and sends, 429s included) in any sliding 60 s window. */
  readonly maxInAnyWindow: number;
  /** API requests that arrived in [t0, t0 + 60 s), t0 = the first request of the run (Connection Test). */
  readonly firstWindowRequests: number;
  readonly utilisation: number;
  readonly rateLimited: number;
  readonly tokenRequests: number;
  readonly delivered: number;
}

/** Saves the subscription, queues `offered` Messages at once, and watches for `durationSeconds`. */
export function runThrottle(durationSeconds: number, offered: number): Promise<ThrottleResult> {
  const sim = { rateLimit: THROTTLE_LIMIT, rateLimitWindowMs: THROTTLE_WINDOW_MS };
  return withRig('throttle', sim, async ({ sim, ferry }) => {
    const sub = await ferry.subscribe(sim.url, {
      throttleLimit: THROTTLE_LIMIT,
      throttleSeconds: THROTTLE_WINDOW_MS / 1_000,
      concurrentConnections: 10,
    });
    const ingest = await ferry.bulk('throttle', offered);
    if (ingest.accepted !== offered) throw new Error(`only ${ingest.accepted} of ${offered} accepted`);
    const times = sim.state.requestTimesMs();
    const t0 = times[0] ?? Date.now();
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + durationSeconds * 1_000 - Date.now())));
    const all = sim.state.requestTimesMs();
    let firstWindowRequests = 0;
    for (const t of all) if (t < t0 + THROTTLE_WINDOW_MS) firstWindowRequests++;
    const stats = sim.state.stats(THROTTLE_WINDOW_MS);
    const counts = await ferry.counts(sub);
    return {
      offered,
      durationSeconds,
      maxInAnyWindow: maxInWindow(all, THROTTLE_WINDOW_MS),
      firstWindowRequests,
      utilisation: firstWindowRequests / THROTTLE_LIMIT,
      rateLimited: stats.rateLimited,
      tokenRequests: stats.tokenRequests,
      delivered: counts.delivered ?? 0,
    };
  });
}
