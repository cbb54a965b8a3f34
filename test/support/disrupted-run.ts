// Bulk runs against Ferry child processes disrupted mid-delivery (kill -9, a server restarted): none lost or doubled.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../../src/sim/index.js';
import { bulkSend, expectOnceOrUnconfirmed, sentId, settledCounts, subscribeTo } from './bulk-run.js';
import { startFerryProcess, type FerryProcess } from './ferry-process.js';

/** Where a run goes: the process serving the API (a new one after a restart), its admin token, the simulator. */
export interface RunTarget {
  readonly api: FerryProcess;
  readonly token: string;
  readonly sim: RunningSimulator;
}

/** `ferry serve` as a child process on a new data directory, delivering to a simulator of its own. */
export interface ServeRun extends RunTarget {
  readonly dataDir: string;
  /** Starts `ferry serve` again on the same data directory (after a kill -9, say): the new `api`. */
  restart(): Promise<FerryProcess>;
  close(): Promise<void>;
}

export async function startServeRun(dirPrefix: string, sim: StartSimulatorOptions): Promise<ServeRun> {
  const simulator = await startSimulator(sim);
  const dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
  let ferry = await startFerryProcess(dataDir).catch(async (error: unknown) => {
    await simulator.close();
    throw error;
  });
  return {
    sim: simulator,
    dataDir,
    token: ferry.token ?? '',
    get api() {
      return ferry;
    },
    async restart() {
      ferry = await startFerryProcess(dataDir);
      return ferry;
    },
    async close() {
      await ferry.kill();
      await simulator.close();
    },
  };
}

/** For a test file: closes the run in `afterAll`; the test starts it (inside its own time limit). */
export function serveRunStarter(dirPrefix: string, sim: StartSimulatorOptions): () => Promise<ServeRun> {
  let run: ServeRun | undefined;
  afterAll(async () => {
    await run?.close();
  });
  return async () => (run = await startServeRun(dirPrefix, sim));
}

export interface BulkRun {
  /** The subscription's name after `Moveworks - `. */
  readonly name: string;
  /** Messages are `${prefix}-0…`. */
  readonly prefix: string;
  readonly n: number;
  /** How many must have arrived before the run goes on. */
  readonly after: number;
  /** Which of the simulator's messages are this run's, when it has others; default all. */
  readonly ofRun?: (message: { readonly message: string }) => boolean;
  readonly arriveTimeoutMs?: number;
}

/** How many of the run's messages the simulator has accepted. */
const arrivedOf = (target: RunTarget, run: BulkRun): number =>
  run.ofRun === undefined
    ? target.sim.state.messagesAccepted()
    : target.sim.state.messages().filter(run.ofRun).length;

/** Queues the run on a new subscription and waits until more than `after` have arrived; resolves its id. */
export async function startBulkRun(target: RunTarget, run: BulkRun): Promise<string> {
  const id = await subscribeTo(target.api, target.token, target.sim.url, run.name);
  await bulkSend(target.api, target.token, run.prefix, run.n);
  await expect
    .poll(() => arrivedOf(target, run), { timeout: run.arriveTimeoutMs ?? 120_000, interval: 20 })
    .toBeGreaterThan(run.after);
  return id;
}

export interface Disruption extends BulkRun {
  /** Stops delivery somewhere (kill -9, a server stopped); the run must still be going when it returns. */
  disrupt(): Promise<void>;
  /** Starts again what `disrupt` left stopped. */
  recover?(): Promise<unknown>;
  readonly settleTimeoutMs?: number;
}

/**
 * Runs `run` through its disruption and waits for it to settle; expects every Message delivered once or
 * unconfirmed (see `expectOnceOrUnconfirmed`) and resolves the subscription, its settled counts and the tally.
 */
export async function runThroughDisruption(
  target: RunTarget,
  run: Disruption,
): Promise<{ id: string; counts: Record<string, number>; delivered: number; unconfirmed: number }> {
  const id = await startBulkRun(target, run);
  await run.disrupt();
  expect(arrivedOf(target, run)).toBeLessThan(run.n);
  await run.recover?.();
  const counts = await settledCounts(target.api, target.token, id, run.settleTimeoutMs ?? 300_000);
  const messages = target.sim.state.messages();
  const ofRun = run.ofRun === undefined ? messages : messages.filter(run.ofRun);
  const received = ofRun.map((m) => sentId(run.prefix, m.message));
  const tally = await expectOnceOrUnconfirmed(target.api, target.token, received, run.n, id);
  return { id, counts, ...tally };
}
