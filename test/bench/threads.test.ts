// The bench's per-thread CPU shares: a worker thread that keeps a core busy is the busiest, the idle main is not.
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { measureThreads } from '../../bench/threads.js';

// Spins for 400 ms of wall time, says so, and stays alive (a thread that ended is no longer in /proc).
const SPINNER = `
const { parentPort } = require('node:worker_threads');
const until = performance.now() + 400;
while (performance.now() < until);
parentPort.postMessage('spun');
setInterval(() => {}, 1_000);
`;

describe.runIf(process.platform === 'linux')('measureThreads', () => {
  it('finds a busy worker thread as the busiest, beside an idle main thread', async () => {
    const measured = measureThreads();
    const worker = new Worker(SPINNER, { eval: true });
    try {
      await once(worker, 'message');
      const shares = measured();
      expect(shares).toBeDefined();
      // The main thread only waited; the worker spun for most of the window (less if the machine is busy).
      expect(shares?.busiest).toBeGreaterThan(0.2);
      expect(shares?.busiest).toBeGreaterThan(shares?.main ?? Infinity);
      expect(shares?.rest).toBeGreaterThanOrEqual(0);
    } finally {
      await worker.terminate();
    }
  });
});
