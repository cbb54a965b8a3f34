#!/usr/bin/env node
// Entry point of the `ferry` command: runs the compiled composition root.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// The main thread's young generation stays at its starting size instead of doubling up to 32 MB (16 MB
// semi-spaces) under load, as the dispatch and ingest threads' do through their resource limits (thread-host.ts).
// V8 reads this flag each time it would grow the young generation, so setting it here, before anything else runs,
// works for this isolate, whose heap is already configured. With 200,000 Messages uploaded, `ferry serve`'s peak
// RSS went from 295 to 253 MB with the threads' limits (239 MB with 50,000). The flag is process-wide: a thread
// with its own maxYoungGenerationSizeMb starts at that size and keeps it.
//
// Not for `ferry worker`, which delivers on its main thread, where a young generation held small costs CPU: 2
// workers ÷ 1 went 1.91 and 1.93 without these to 1.69 and 1.76 with them (machine idle 40% against 25%). Set here,
// before anything loads: set when `serve` starts, peak RSS was 195 MB against 175 MB (one run each).
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
const holdHeapsSmall = command !== 'worker';
if (holdHeapsSmall) setFlagsFromString('--semi-space-growth-factor=1');
// Each thread's old generation may grow to twice what the last full collection left alive before the next one
// (V8 chooses up to 4x on a fast machine). Small young generations promote a bulk upload's short-lived batches,
// and the ingest thread's old space grew from 18 to 72 MB of mostly garbage before V8 collected it; with this,
// about 35 MB. Read by V8 at every full collection, in every thread. Peak RSS of `ferry serve`: 220 -> 184 MB
// with 200,000 Messages queued (217 -> 186 MB with 50,000); end to end with the throttle off showed no loss
// beyond the noise of a shared machine.
if (holdHeapsSmall) setFlagsFromString('--heap-growing-percent=100');

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('ferry: the build is missing; run `npm run build` (or `npm install`) first.\n');
  process.exit(1);
}
await import(main);
