// Ferry from the build as child processes, as `npm start` runs it: `ferry serve` (banner read) and `ferry worker`.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/ferry.js', import.meta.url));

/** `ferry <args>` from the build (the bench's `prebench` builds first), logging at warn; stderr is piped. */
const spawnBuilt = (args: string[], env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, FERRY_DEMO: 'false', FERRY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });

/** Reads the child's stderr line by line until `ready(line)` holds; rejects when the child exits first. */
async function started(child: ChildProcess, ready: (line: string) => boolean): Promise<void> {
  const stderr = child.stderr;
  if (stderr === null) throw new Error('no stderr to read');
  const lines = createInterface({ input: stderr });
  const seen = new Promise<void>((done) => lines.on('line', (line) => ready(line) && done()));
  try {
    await Promise.race([
      seen,
      once(child, 'exit').then(([code]) =>
        Promise.reject(new Error(`ferry exited with ${String(code)} before it was ready`)),
      ),
    ]);
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/** Passes a line the caller does not keep through to this process's stderr. */
const passOn = (line: string): false => {
  process.stderr.write(`${line}\n`);
  return false;
};

/** `ferry serve` (with `args`) on an ephemeral port; resolves its URL and admin token from the start banner. */
export async function spawnFerry(
  dataDir: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<{ child: ChildProcess; url: string; token: string }> {
  const child = spawnBuilt(['serve', ...args], { FERRY_PORT: '0', FERRY_DATA_DIR: dataDir, ...env });
  const found: { url?: string; token?: string } = {};
  await started(child, (line) => {
    const m = /export FERRY_(URL|TOKEN)=(\S+)/.exec(line);
    if (m?.[2] === undefined) return passOn(line);
    found[m[1] === 'URL' ? 'url' : 'token'] = m[2];
    return found.url !== undefined && found.token !== undefined;
  });
  return { child, url: found.url ?? '', token: found.token ?? '' };
}

/** `ferry worker` on its own data directory; resolves once it dispatches. */
export async function spawnWorker(dataDir: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawnBuilt(['worker'], { FERRY_DATA_DIR: dataDir, ...env });
  await started(child, (line) => /Ferry worker \S+ is dispatching/.test(line) || passOn(line));
  return child;
}

/** SIGTERM, and resolves once it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
