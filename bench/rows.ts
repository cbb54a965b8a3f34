// From section results to table rows against the targets, and the definitions printed under the table.
import type { CeilingResult } from './ceiling.js';
import type { FormulaCostResult } from './formula-cost.js';
import type { LatencyResult } from './latency.js';
import type { Row } from './report.js';
import type { RssResult } from './rss.js';
import type { ScaleOutResult, ScaleOutRound, WorkersRun } from './scale-out.js';
import type { ThrottleResult } from './throttle.js';
import type { ThreadShares } from './threads.js';
import type { DeliveryAloneResult, ThroughputResult } from './throughput.js';
import type { TokenColdResult } from './token-cold.js';

/** One round of the throughput sections, run one after the other (see run.ts). */
export interface Round {
  ceiling?: CeilingResult;
  throughput?: ThroughputResult;
  deliveryAlone?: DeliveryAloneResult;
}

export interface Sections {
  rounds: Round[];
  formulaCost?: FormulaCostResult;
  throttle?: ThrottleResult;
  tokenCold?: TokenColdResult;
  latency?: LatencyResult;
  /** The peak RSS runs, the smaller queue first (issue 18: flat in the backlog). */
  rss?: readonly RssResult[];
  scaleOut?: ScaleOutResult;
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const pct = (share: number) => `${Math.round(share * 100)}%`;
/** Process CPU (every thread, the kernel's share included) per message, from a cpuMsPerMessage figure. */
const cpu = (msPerMessage: number) => `CPU ${Math.round(msPerMessage * 1_000)} µs/msg`;

/** How each share reads in a row. */
const SHARE_LABELS: Record<keyof ThreadShares, string> = {
  busiest: 'busiest',
  main: 'main',
  rest: 'the rest',
};

/**
 * "; threads: busiest 83%, main 40%, the rest 15% of a core" for the shares asked for: the medians over the rounds
 * that could read them (none without /proc). The busiest is Ferry's dispatch thread in the Ferry sections.
 */
function threadsText(
  measured: readonly (ThreadShares | undefined)[],
  parts: readonly (keyof ThreadShares)[],
): string {
  const shares = measured.filter((t) => t !== undefined);
  if (shares.length === 0) return '';
  const text = parts.map((part) => `${SHARE_LABELS[part]} ${pct(median(shares.map((t) => t[part])))}`);
  return `; threads: ${text.join(', ')} of a core`;
}

/** Every share, in SHARE_LABELS' order: the Ferry sections run three busy kinds of thread. */
const ALL_SHARES = Object.keys(SHARE_LABELS) as (keyof ThreadShares)[];

/** The median (the mean of the middle two for an even count); NaN for none. */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** "median (of n rounds: a, b, c)" for several rounds, the one figure for one. */
function acrossRounds(values: readonly number[], format: (n: number) => string): string {
  const middle = format(median(values));
  return values.length === 1
    ? middle
    : `${middle} (median of ${values.length}: ${values.map(format).join(', ')})`;
}

/** Each round's Ferry figure over the ceiling measured just before it, in the same round. */
const perRound = (rounds: readonly Round[], pick: (r: Round) => { perSecond: number } | undefined) =>
  rounds.flatMap((r) => {
    const ferry = pick(r);
    return ferry && r.ceiling ? [ferry.perSecond / r.ceiling.perSecond] : [];
  });

function throughputRows(rounds: readonly Round[]): Row[] {
  const rows: Row[] = [];
  const ceilings = rounds.flatMap((r) => (r.ceiling ? [r.ceiling] : []));
  const ends = rounds.flatMap((r) => (r.throughput ? [r.throughput] : []));
  const alone = rounds.flatMap((r) => (r.deliveryAlone ? [r.deliveryAlone] : []));
  const ceiling = ceilings[0];
  if (ceiling)
    rows.push({
      metric: `Ceiling: undici loop → simulator (${f0(ceiling.messages)} msgs, ${ceiling.concurrency} conns)`,
      target: 'reference',
      measured: `${acrossRounds(
        ceilings.map((c) => c.perSecond),
        f0,
      )} msg/s (${cpu(median(ceilings.map((c) => c.cpuMsPerMessage)))}${threadsText(
        ceilings.map((c) => c.threads),
        ['main'],
      )})`,
      pass: undefined,
    });
  if (ends.length > 0) {
    const m = (pick: (t: ThroughputResult) => number) => median(ends.map(pick));
    rows.push({
      metric: 'Ferry end to end, SQLite, throttle off',
      target: '—',
      measured: `${acrossRounds(
        ends.map((t) => t.perSecond),
        f0,
      )} msg/s (${f1(m((t) => t.seconds))} s; ingest alone ${f1(m((t) => t.ingestSeconds))} s; ${cpu(m((t) => t.cpuMsPerMessage))}${threadsText(
        ends.map((t) => t.threads),
        ALL_SHARES,
      )})`,
      pass: undefined,
    });
    const ratios = perRound(rounds, (r) => r.throughput);
    if (ratios.length > 0)
      rows.push({
        metric: 'Ferry ÷ ceiling',
        target: '≥ 0.7',
        measured: acrossRounds(ratios, (n) => n.toFixed(2)),
        pass: median(ratios) >= 0.7,
      });
  }
  if (alone.length > 0) {
    const shares = perRound(rounds, (r) => r.deliveryAlone);
    const share = shares.length > 0 ? `; ÷ ceiling ${acrossRounds(shares, (n) => n.toFixed(2))}` : '';
    rows.push({
      metric: `Ferry delivery alone: ${f0(alone[0]?.messages ?? 0)} queued, then the throttle lifted`,
      target: 'reference',
      measured: `${f0(median(alone.map((d) => d.perSecond)))} msg/s (${cpu(median(alone.map((d) => d.cpuMsPerMessage)))}${threadsText(
        alone.map((d) => d.threads),
        ALL_SHARES,
      )})${share}`,
      pass: undefined,
    });
  }
  return rows;
}

export function rowsOf(s: Sections): Row[] {
  const rows: Row[] = throughputRows(s.rounds);
  const { formulaCost, throttle, tokenCold, latency, rss, scaleOut } = s;
  if (formulaCost) {
    const { rounds } = formulaCost;
    const costs = rounds.map((r) => r.defaultPerSecond / r.formulaPerSecond);
    const times = (n: number) => `${n.toFixed(2)}×`;
    rows.push(
      {
        metric: `Mapping: default collection (field rows), ${f0(formulaCost.messages)} msgs after ${f0(formulaCost.warmup)} untimed`,
        target: 'reference',
        measured: `${acrossRounds(
          rounds.map((r) => r.defaultPerSecond),
          f0,
        )} transfers/s`,
        pass: undefined,
      },
      {
        metric: 'Mapping: five rows with two formulas (sandboxed), cost over the default collection',
        target: '≤ 1.2×',
        measured: `${acrossRounds(costs, times)}; ${f0(median(rounds.map((r) => r.formulaPerSecond)))} transfers/s`,
        pass: median(costs) <= 1.2,
      },
    );
  }
  if (throttle)
    rows.push(
      {
        metric: `Throttle 600/60 s: most requests in any 60 s window (${throttle.durationSeconds} s run)`,
        target: '≤ 600',
        measured: f0(throttle.maxInAnyWindow),
        pass: throttle.maxInAnyWindow <= 600,
      },
      {
        metric: 'Throttle: utilisation of the first 60 s window',
        target: '≥ 0.98',
        measured: `${throttle.utilisation.toFixed(3)} (${throttle.firstWindowRequests}/600)`,
        pass: throttle.utilisation >= 0.98,
      },
      {
        metric: 'Throttle: 429s from the simulator',
        target: '0',
        measured: f0(throttle.rateLimited),
        pass: throttle.rateLimited === 0,
      },
    );
  if (tokenCold)
    rows.push({
      metric: `Token requests, ${f0(tokenCold.messages)} sends at once, cold cache`,
      target: '1',
      measured: `${tokenCold.liveTokenRequests} (+${tokenCold.connectionTestTokenRequests} by the Connection Test at save)`,
      pass: tokenCold.liveTokenRequests === 1,
    });
  if (latency)
    rows.push(
      {
        metric: `Ingest → delivered p50 at ${latency.ratePerSecond}/s`,
        target: '< 10 ms',
        measured: `${f1(latency.p50Ms)} ms`,
        pass: latency.p50Ms < 10,
      },
      {
        metric: `Ingest → delivered p99 at ${latency.ratePerSecond}/s`,
        target: '< 50 ms',
        measured: `${f1(latency.p99Ms)} ms (max ${f1(latency.maxMs)})`,
        pass: latency.p99Ms < 50,
      },
    );
  const full = rss?.at(-1);
  const small = rss?.[0];
  if (full)
    rows.push({
      metric: `Peak RSS, ${f0(full.messages)} messages queued`,
      target: '< 200 MB',
      measured: `${f0(full.peakMb)} MB (idle ${f0(full.idleMb)} MB; ingest ${f1(full.ingestSeconds)} s)`,
      pass: full.peakMb < 200,
    });
  if (full && small && small !== full) {
    const growth = full.peakMb / small.peakMb - 1;
    rows.push({
      metric: `Peak RSS, ${f0(full.messages)} queued over ${f0(small.messages)} queued`,
      target: '≤ +10%',
      measured: `${growth >= 0 ? '+' : ''}${Math.round(growth * 100)}% (${f0(full.peakMb)} MB over ${f0(small.peakMb)} MB)`,
      pass: growth <= 0.1,
    });
  }
  if (scaleOut) {
    const ratios = scaleOut.rounds.map((r) => r.ratio);
    const rates = (pick: (r: ScaleOutRound) => WorkersRun) =>
      acrossRounds(
        scaleOut.rounds.map((r) => pick(r).perSecond),
        (n) => f0(n),
      );
    const idle = (pick: (r: ScaleOutRound) => WorkersRun) =>
      pct(median(scaleOut.rounds.map((r) => pick(r).idleShare)));
    rows.push({
      metric: `Scale-out: 2 workers ÷ 1, PostgreSQL + Redis, ${scaleOut.latencyMs} ms answers, throttle off (${f0(scaleOut.messages)} msgs, ${scaleOut.concurrentConnections} conns, ${scaleOut.workerConcurrency} in flight per worker)`,
      target: '≥ 1.7',
      measured: `${acrossRounds(ratios, (n) => n.toFixed(2))}; 2 workers ${rates((r) => r.two)} msg/s, 1 worker ${rates((r) => r.one)} msg/s; machine idle ${idle((r) => r.two)} and ${idle((r) => r.one)}; load ${scaleOut.loadBefore.toFixed(2)} → ${scaleOut.loadAfter.toFixed(2)}`,
      pass: median(ratios) >= 1.7,
    });
  }
  return rows;
}

export const NOTES: readonly string[] = [
  'Ceiling, end to end and delivery alone run in BENCH_ROUNDS rounds (5), each round the three one after the ' +
    'other, because this kind of shared machine drifts by a third within minutes. "Ferry ÷ ceiling" is the ' +
    "median of the rounds' ratios, each Ferry figure over the ceiling measured just before it in its round; the " +
    'other figures are medians of the rounds, each listed.',
  'Sections 1–5 run the simulator, Ferry and the load generator in one Node process: the simulator, the load ' +
    "generator and Ferry's API share the main event loop, and Ferry's delivery runs on its dispatch thread; each " +
    'section starts a fresh simulator and a fresh Ferry on a new SQLite file under os.tmpdir().',
  'Ceiling: an undici Pool of 10 keep-alive connections, 10 workers posting the same bodies Ferry would send to ' +
    'POST /rest/v1/events/{id}/messages/send; the token is fetched and BENCH_WARMUP (5,000) sends made before the ' +
    'clock starts.',
  'CPU µs/msg: process.cpuUsage() over the timed part ÷ N, user and system: every thread of the one process ' +
    "(simulator, load generator, Ferry's main and dispatch threads, V8's helpers). On n cores a section can " +
    'deliver at most n ÷ that figure messages a second.',
  'Threads (the ceiling shows its main thread, which runs the loop and the simulator; end to end and delivery ' +
    'alone show three shares): the CPU each thread of the process used over the timed part, read from ' +
    '/proc/self/task (user and system, in 10 ms ticks), as a share of one core; the medians over the rounds. The ' +
    "busiest thread other than the main one is Ferry's dispatch thread there; the main thread runs the simulator, " +
    "the load generator and Ferry's API; the rest is Ferry's ingest thread, V8's helper threads and libuv's pool. " +
    'A busiest thread well under 100% with cores to spare means delivery waited on round trips between the ' +
    'threads, not on a core.',
  'Warm-up: the ceiling, end-to-end and delivery-alone sections first send BENCH_WARMUP Messages the same way ' +
    'and wait for them, so each is measured on code V8 has optimised (a running service), not on its first ' +
    'seconds; cold, the first ~2,500 sends run at a third of the steady rate on both sides.',
  'Ferry end to end: subscription saved first (Limit 1,000,000 per 1 s, 10 Concurrent Connections) and warmed ' +
    'up; the clock runs from the first byte of the NDJSON bulk upload until GET /api/v1/subscriptions/{id} shows ' +
    'N more delivered (polled every 20 ms once the simulator has counted N more accepted).',
  'Delivery alone: the same subscription settings and no Connection Test; after the warm-up the throttle is set ' +
    'to 1 per 3,600 s (the warm-up filled that window), so the N Messages of one bulk upload stay queued; the ' +
    'clock runs from the PATCH that lifts the throttle until the simulator has accepted N more. It separates the ' +
    'cost of delivery from that of ingest.',
  'Mapping cost: the same end-to-end measure (bulk upload start to all delivered, throttle off) for ' +
    'BENCH_FORMULA_N (20,000) Messages through the default collection (field rows only) and through a five-row ' +
    'collection with two Dynamic Formula rows (SplitEmails for recipients, a Truncate expression for the text), ' +
    "each evaluated in the ingest thread's warm QuickJS context with fresh state; each run on a fresh Ferry after " +
    'BENCH_FORMULA_WARMUP (1,000) untimed Messages through the same collection. BENCH_FORMULA_ROUNDS (9) pairs, ' +
    "the order alternating; the cost is the median of the pairs' ratios.",
  'Throttle: subscription Limit 600 per 60 s, simulator limit 600 per 60 s; the offered Messages are queued in ' +
    'one bulk upload right after the save. t0 = the first API request the simulator recorded (the Connection ' +
    "Test's token request). Utilisation = API requests arriving in [t0, t0 + 60 s) ÷ 600; token and auth-test " +
    'requests count, as they count against the Moveworks limit. "Most in any window" is the sliding maximum over ' +
    "the simulator's own arrival record for the whole run, 429s included.",
  'Token requests: a fresh subscription (256 Concurrent Connections, throttle off) and 1,000 Messages in one bulk ' +
    'upload; counted = token requests reaching the simulator from the upload until all were delivered. The ' +
    'Connection Test made when saving uses its own probe client and is reported separately, not counted.',
  'Latency: POST /api/v1/messages one at a time on a fixed 20 ms schedule (not waiting for answers) after one ' +
    "warm-up send; latency = the simulator's receivedAtMs for that Message − Date.now() just before its POST.",
  'Peak RSS: `ferry serve` from the build in a child process, as `npm start` runs it (main thread and dispatch ' +
    'thread together; `npm run bench` builds first); subscription ' +
    'enabled with Limit 1 per 86,400 s so every transfer stays queued; BENCH_RSS_N ÷ 4 (50,000), then on a fresh ' +
    'Ferry BENCH_RSS_N (200,000) Messages in one streamed NDJSON upload; peak = VmHWM from /proc at the end ' +
    '(VmRSS also sampled every 100 ms). Issue 18 wants it under 200 MB and within 10% between the two.',
  'Scale-out: `ferry serve --no-dispatch` and `ferry worker` from the build as child processes on a fresh ' +
    'PostgreSQL schema (127.0.0.1:5432) and Redis (127.0.0.1:6379); the simulator answers every request after ' +
    '20 ms; subscription throttle off, BENCH_SCALE_CONNECTIONS (256, the most) Concurrent Connections shared by the ' +
    'workers, each keeping at most BENCH_WORKER_CONCURRENCY (32) sends in flight (FERRY_WORKER_CONCURRENCY): ' +
    'a worker is full, the machine is not (the workers share its 2 cores with PostgreSQL, Redis, the API and the ' +
    'simulator). 1 (or 2) workers start and deliver 2,000 warm-up Messages each; the queue is then held (throttle ' +
    '1 per hour) while BENCH_SCALE_N (20,000) Messages are queued, and released; rate = arrivals a second ' +
    "between the 5th and 95th percentile of the simulator's arrival record of those. Machine " +
    "idle = the share of every core's time left idle while the workers delivered (os.cpus(), other processes " +
    'included): near 0% means the machine, not Ferry, set the pace. Load = the 1-minute load average before the ' +
    'first round and after the last. BENCH_SCALE_ROUNDS (3) rounds of 1 worker then 2; the ratio is the median.',
];
