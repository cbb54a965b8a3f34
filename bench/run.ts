// `npm run bench`: every section in one run, side by side, then bench/results/latest.{json,md} and the table.
import { fileURLToPath } from 'node:url';
import { runCeiling } from './ceiling.js';
import { runFormulaCost } from './formula-cost.js';
import { runLatency } from './latency.js';
import { machineFacts, markdownTable, writeResults } from './report.js';
import { runRssSeries } from './rss.js';
import { runScaleOut } from './scale-out.js';
import { NOTES, rowsOf, type Round, type Sections } from './rows.js';
import { runThrottle } from './throttle.js';
import { runDeliveryAlone, runThroughput } from './throughput.js';
import { runTokenCold } from './token-cold.js';

/** An integer of at least `min` (1 unless given) from the environment, or the default. */
function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  return value;
}

const settings = {
  /** Messages for the ceiling and the end-to-end run. */
  n: envInt('BENCH_N', 20_000),
  /** Messages sent before the clock starts in the ceiling, end-to-end and delivery-alone sections (0: none). */
  warmup: envInt('BENCH_WARMUP', 5_000, 0),
  throttleSeconds: envInt('BENCH_THROTTLE_SECONDS', 90),
  throttleOffered: envInt('BENCH_THROTTLE_OFFERED', 2_000),
  tokenN: envInt('BENCH_TOKEN_N', 1_000),
  latencyRate: envInt('BENCH_LATENCY_RATE', 50),
  latencySeconds: envInt('BENCH_LATENCY_SECONDS', 20),
  rssN: envInt('BENCH_RSS_N', 200_000),
  formulaN: envInt('BENCH_FORMULA_N', 20_000),
  /** Messages each formula-section Ferry maps and delivers untimed first, and the pairs of runs it makes. */
  formulaWarmup: envInt('BENCH_FORMULA_WARMUP', 1_000, 0),
  formulaRounds: envInt('BENCH_FORMULA_ROUNDS', 9),
  /** Messages each scale-out run delivers, and the subscription's Concurrent Connections there. */
  scaleN: envInt('BENCH_SCALE_N', 20_000),
  scaleConnections: envInt('BENCH_SCALE_CONNECTIONS', 256),
  /** Rounds of 1 worker then 2 in the scale-out section (its ratio is their median). */
  scaleRounds: envInt('BENCH_SCALE_ROUNDS', 3),
  /** Rounds of ceiling, end to end and delivery alone, one after the other in each round (see rows.ts). */
  rounds: envInt('BENCH_ROUNDS', 5),
  concurrency: 10,
};
/** Comma-separated sections to run (ceiling,throughput,delivery,formula,throttle,token,latency,rss,scale-out); default all. */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const wanted = (name: string) => only.size === 0 || only.has(name);

const sections: Sections = { rounds: [] };
const errors: Record<string, string> = {};

/** Minutes a section may take before it is reported as failed (BENCH_TIMEOUT_MINUTES overrides every one). */
const LIMIT_MINUTES: Record<string, number> = {
  ceiling: 5,
  throughput: 10,
  delivery: 10,
  formula: 5,
  token: 5,
  latency: 5,
  rss: 20,
  throttle: 10,
  'scale-out': 10,
};
const limitMs = (name: string) => envInt('BENCH_TIMEOUT_MINUTES', LIMIT_MINUTES[name] ?? 10) * 60_000;

/** Rejects when `work` has not settled after `ms`: a hung section fails instead of holding up the run. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1_000} s`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Runs section `name` when wanted and keeps its result as `into[key]`; `label` names this run of it. */
async function section<R, K extends keyof R>(
  name: string,
  into: R,
  key: K,
  run: () => Promise<R[K]>,
  label = name,
): Promise<void> {
  if (!wanted(name)) return;
  const started = performance.now();
  process.stderr.write(`bench: ${label} …\n`);
  try {
    into[key] = await within(run(), limitMs(name));
    process.stderr.write(`bench: ${label} done in ${((performance.now() - started) / 1_000).toFixed(1)} s\n`);
  } catch (err) {
    errors[label] = err instanceof Error ? err.message : String(err);
    process.stderr.write(`bench: ${label} FAILED: ${errors[label]}\n`);
  }
}

// Interleaved, so each Ferry figure has a ceiling measured seconds before it, on the machine as it was then.
for (let i = 1; i <= settings.rounds; i++) {
  const round: Round = {};
  sections.rounds.push(round);
  const inRound = <K extends keyof Round>(name: string, key: K, run: () => Promise<Round[K]>) =>
    section(name, round, key, run, settings.rounds === 1 ? name : `${name} (round ${i})`);
  await inRound('ceiling', 'ceiling', () => runCeiling(settings.n, settings.concurrency, settings.warmup));
  await inRound('throughput', 'throughput', () => runThroughput(settings.n, settings.warmup));
  await inRound('delivery', 'deliveryAlone', () => runDeliveryAlone(settings.n, settings.warmup));
}
await section('formula', sections, 'formulaCost', () =>
  runFormulaCost(settings.formulaN, settings.formulaWarmup, settings.formulaRounds),
);
await section('token', sections, 'tokenCold', () => runTokenCold(settings.tokenN));
await section('latency', sections, 'latency', () =>
  runLatency(settings.latencyRate, settings.latencySeconds),
);
await section('rss', sections, 'rss', () => runRssSeries([Math.round(settings.rssN / 4), settings.rssN]));
await section('throttle', sections, 'throttle', () =>
  runThrottle(settings.throttleSeconds, settings.throttleOffered),
);
await section('scale-out', sections, 'scaleOut', () =>
  runScaleOut(settings.scaleN, settings.scaleConnections, settings.scaleRounds),
);

const rows = rowsOf(sections);
const facts = { ...machineFacts(), ...settings };
const failed = Object.entries(errors).map(([name, message]) => `Section ${name} failed: ${message}`);
const dir = fileURLToPath(new URL('./results', import.meta.url));
writeResults(dir, facts, rows, { ...sections, errors }, [...NOTES, ...failed]);
process.stdout.write(`\n${markdownTable(rows)}\n\nWritten to ${dir}/latest.{json,md}\n`);
if (failed.length > 0) process.stderr.write(`${failed.join('\n')}\n`);
// A section that timed out may still hold servers or child processes open: end the run here either way.
process.exit(failed.length > 0 ? 1 : 0);
