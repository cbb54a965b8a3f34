// Section 6: Ferry's peak resident memory (its own process) while 50,000 and then 200,000 Messages wait in the outbox.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startSimulator } from '../src/sim/index.js';
import { spawnFerry, stopChild } from './ferry-child.js';
import { FerryClient } from './ferry-client.js';
import { removeDir, tempDir } from './rig.js';

export interface RssResult {
  readonly messages: number;
  readonly ingestSeconds: number;
  readonly queued: number;
  /** VmRSS once listening, before any Message, MB. */
  readonly idleMb: number;
  /** The kernel's high-water mark (VmHWM) at the end, MB: the true peak, between samples included. */
  readonly peakMb: number;
  /** Highest VmRSS seen by the 100 ms sampler, MB. */
  readonly sampledPeakMb: number;
}

const MB = 1024 * 1024;

/** VmRSS and VmHWM of `pid` in bytes, from /proc (Linux only). */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** One run per count, each on a fresh Ferry: memory should not grow with the backlog. */
export async function runRssSeries(counts: readonly number[]): Promise<RssResult[]> {
  const results: RssResult[] = [];
  for (const count of counts) results.push(await runRss(count));
  return results;
}

/**
 * The subscription stays enabled with Limit 1 per 86,400 s: the dispatcher runs, its one call of the day goes
 * on the token, and every transfer waits queued. It is saved without the Connection Test, whose two calls
 * (token, auth test) would not fit that limit. Ingest is one streamed NDJSON upload.
 */
export async function runRss(count: number): Promise<RssResult> {
  const sim = await startSimulator({ rateLimit: 0 });
  const dataDir = tempDir('rss');
  let child: ChildProcess | undefined;
  let sampler: NodeJS.Timeout | undefined;
  try {
    const started = await spawnFerry(dataDir);
    child = started.child;
    const pid = child.pid!;
    const ferry = new FerryClient(started.url, started.token);
    const sub = await ferry.subscribe(sim.url, { throttleLimit: 1, throttleSeconds: 86_400 }, false);
    const idle = memoryOf(pid).rss;
    let sampledPeak = idle;
    sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryOf(pid).rss)), 100);
    const ingest = await ferry.bulk('rss', count);
    if (ingest.accepted !== count) throw new Error(`only ${ingest.accepted} of ${count} accepted`);
    const counts = await ferry.counts(sub);
    await new Promise((r) => setTimeout(r, 1_000));
    clearInterval(sampler);
    return {
      messages: count,
      ingestSeconds: ingest.ms / 1_000,
      queued: counts.queued ?? 0,
      idleMb: idle / MB,
      peakMb: memoryOf(pid).hwm / MB,
      sampledPeakMb: sampledPeak / MB,
    };
  } finally {
    clearInterval(sampler);
    if (child) await stopChild(child);
    await sim.close();
    removeDir(dataDir);
  }
}
