#!/usr/bin/env node
// Entry point of the `ferry` command: runs the compiled composition root.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('ferry: the build is missing; run `npm run build` (or `npm install`) first.\n');
  process.exit(1);
}
await import(main);
