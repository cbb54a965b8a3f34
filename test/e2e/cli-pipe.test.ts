// The `ferry` command as a real process whose reader closes the pipe early, as `ferry logs | head` does.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

it('ends quietly with exit code 0 when the reader of its output has gone', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--help'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Closed before the process has written anything, so its first write meets a pipe with no reader.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(stderr).not.toMatch(/EPIPE|Error/);
  expect(code).toBe(0);
});
