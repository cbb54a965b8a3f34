// `npm run bench`: every section in one run, side by side, then bench/results/latest.{json,md} and the table.
import { fileURLToPath } from 'node:url';
import { runCeiling } from './ceiling.js';
import { runFormulaCost } from './formula-cost.js';
import { runLatency } from './latency.js';
import { machineFacts, markdownTable, writeResults } from './report.js';
import { runRss } from './rss.js';
import { NOTES, rowsOf, type Sections } from './rows.js';
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
  formulaN: envInt('BENCH_FORMULA_N', 2_000),
  concurrency: 10,
};
/** Comma-separated sections to run (ceiling,throughput,delivery,formula,throttle,token,latency,rss); default all. */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const wanted = (name: string) => only.size === 0 || only.has(name);

const sections: Sections = {};
const errors: Record<string, string> = {};

async function section<T>(name: string, run: () => Promise<T>, keep: (result: T) => void): Promise<void> {
  if (!wanted(name)) return;
  const started = performance.now();
  process.stderr.write(`bench: ${name} …\n`);
  try {
    const result = await run();
    keep(result);
    process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1_000).toFixed(1)} s\n`);
  } catch (err) {
    errors[name] = err instanceof Error ? err.message : String(err);
    process.stderr.write(`bench: ${name} FAILED: ${errors[name]}\n`);
  }
}

await section(
  'ceiling',
  () => runCeiling(settings.n, settings.concurrency, settings.warmup),
  (r) => (sections.ceiling = r),
);
await section(
  'throughput',
  () => runThroughput(settings.n, settings.warmup),
  (r) => (sections.throughput = r),
);
await section(
  'delivery',
  () => runDeliveryAlone(settings.n, settings.warmup),
  (r) => (sections.deliveryAlone = r),
);
await section(
  'formula',
  () => runFormulaCost(settings.formulaN),
  (r) => (sections.formulaCost = r),
);
await section(
  'token',
  () => runTokenCold(settings.tokenN),
  (r) => (sections.tokenCold = r),
);
await section(
  'latency',
  () => runLatency(settings.latencyRate, settings.latencySeconds),
  (r) => (sections.latency = r),
);
await section(
  'rss',
  () => runRss(settings.rssN),
  (r) => (sections.rss = r),
);
await section(
  'throttle',
  () => runThrottle(settings.throttleSeconds, settings.throttleOffered),
  (r) => (sections.throttle = r),
);

const rows = rowsOf(sections);
const facts = { ...machineFacts(), ...settings };
const failed = Object.entries(errors).map(([name, message]) => `Section ${name} failed: ${message}`);
const dir = fileURLToPath(new URL('./results', import.meta.url));
writeResults(dir, facts, rows, { ...sections, errors }, [...NOTES, ...failed]);
process.stdout.write(`\n${markdownTable(rows)}\n\nWritten to ${dir}/latest.{json,md}\n`);
if (failed.length > 0) {
  process.stderr.write(`${failed.join('\n')}\n`);
  process.exitCode = 1;
}
