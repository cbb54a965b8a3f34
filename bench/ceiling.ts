// Section 1, the ceiling: a plain undici loop posting straight to the simulator, no Ferry in between.
import { Pool, request } from 'undici';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID, startSimulator } from '../src/sim/index.js';
import { moveworksBody } from './messages.js';
import { measureThreads, type ThreadShares } from './threads.js';

export interface CeilingResult {
  readonly messages: number;
  readonly concurrency: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** CPU time of this whole process (simulator and load generator included) per message, ms. */
  readonly cpuMsPerMessage: number;
  readonly accepted: number;
  /** Each thread's share of a core over the timed part (the loop and the simulator share the main one). */
  readonly threads: ThreadShares | undefined;
}

async function fetchToken(simUrl: string): Promise<string> {
  const res = await request(`${simUrl}/oauth/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEMO_CLIENT_ID,
      client_secret: DEMO_CLIENT_SECRET,
    }).toString(),
  });
  const body = (await res.body.json()) as { access_token?: string };
  if (body.access_token === undefined) throw new Error(`no token (HTTP ${res.statusCode})`);
  return body.access_token;
}

/**
 * `concurrency` workers over one keep-alive Pool share `count` sends; the token is fetched and `warmup` sends are
 * made (so V8 has optimised the loop, undici and the simulator) before timing.
 */
export async function runCeiling(count: number, concurrency: number, warmup: number): Promise<CeilingResult> {
  const sim = await startSimulator({ rateLimit: 0 });
  const pool = new Pool(sim.url, { connections: concurrency, pipelining: 1 });
  try {
    const headers = {
      authorization: `Bearer ${await fetchToken(sim.url)}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const path = `/rest/v1/events/${DEMO_EVENT_ID}/messages/send`;
    /** `concurrency` workers share `n` sends. */
    const run = async (prefix: string, n: number) => {
      let next = 0;
      const worker = async () => {
        while (next < n) {
          const i = next++;
          const res = await pool.request({ method: 'POST', path, headers, body: moveworksBody(prefix, i) });
          await res.body.text();
          if (res.statusCode !== 200) throw new Error(`send ${i} got HTTP ${res.statusCode}`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };
    await run('warm-up', warmup);
    const cpu = process.cpuUsage();
    const threads = measureThreads();
    const started = performance.now();
    await run('ceiling', count);
    const seconds = (performance.now() - started) / 1_000;
    const used = process.cpuUsage(cpu);
    const shares = threads();
    return {
      messages: count,
      concurrency,
      seconds,
      perSecond: count / seconds,
      cpuMsPerMessage: (used.user + used.system) / 1_000 / count,
      accepted: sim.state.stats().messagesAccepted - warmup,
      threads: shares,
    };
  } finally {
    await pool.close();
    await sim.close();
  }
}
