// Ferry as real child processes (`ferry serve`, `ferry worker` through tsx), so a test can kill -9 one and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onFreePort } from './free-port.js';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface FerryProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** The bootstrap token, printed only by the first start. */
  readonly token: string | undefined;
  readonly output: () => string;
  api(method: string, path: string, token: string, body?: unknown, contentType?: string): Promise<Response>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `ferry serve` (with `args`, e.g. `--no-dispatch`) on a free port and resolves once it listens. */
export function startFerryProcess(
  dataDir: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<FerryProcess> {
  return onFreePort((port) => startOn(port, dataDir, env, args));
}

/** `ferry <command>` on this data directory, as a child process logging at warn. */
const spawnFerry = (args: string[], dataDir: string, env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, FERRY_DATA_DIR: dataDir, FERRY_DEMO: 'false', FERRY_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** `ferry serve` on this port and data directory, as a child process. */
const spawnServe = (port: number, dataDir: string, env: Record<string, string>, args: string[] = []) =>
  spawnFerry(['serve', ...args], dataDir, { FERRY_PORT: String(port), ...env });

/** Resolves once the process exits (at once if it has). */
const exited = (child: ChildProcess): Promise<void> =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
  });

/** Sends `signal` and resolves once the process has exited. */
const killChild = (child: ChildProcess, signal: NodeJS.Signals): Promise<void> => {
  const gone = exited(child);
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return gone;
};

export interface FerryWorkerProcess {
  readonly child: ChildProcess;
  /** Its own directory (the send journal): start it again on the same one to restart this worker. */
  readonly dataDir: string;
  readonly output: () => string;
  /** Resolves once it has exited, with its exit code. */
  readonly exit: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `ferry worker` on `dataDir` (a new temporary one unless given); resolves once it dispatches, or once it
 * exits (a refused start: see `exit`). Rejects when it does neither within 90 s.
 */
export function startFerryWorker(
  env: Record<string, string>,
  dataDir = mkdtempSync(join(tmpdir(), 'ferry-worker-')),
): Promise<FerryWorkerProcess> {
  const child = spawnFerry(['worker'], dataDir, env);
  let text = '';
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const worker: FerryWorkerProcess = {
    child,
    dataDir,
    exit,
    output: () => text,
    kill: (signal = 'SIGKILL') => killChild(child, signal),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ferry worker did not start:\n${text}`)), 90_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (!/Ferry worker \S+ is dispatching/.test(text)) return;
      clearTimeout(timer);
      resolve(worker);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then(() => {
      clearTimeout(timer);
      resolve(worker);
    });
  });
}

/** Runs a `ferry serve` expected to refuse to start; resolves its exit code and output (killed after 60 s). */
export async function serveUntilExit(
  port: number,
  dataDir: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawnServe(port, dataDir, {});
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
  clearTimeout(timer);
  return { code, output };
}

async function startOn(
  port: number,
  dataDir: string,
  env: Record<string, string>,
  args: string[],
): Promise<FerryProcess> {
  const child = spawnServe(port, dataDir, env, args);
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ferry did not start:\n${text}`)), 30_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const m = /Ferry is running at (http:\/\/\S+)/.exec(text);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`ferry exited (${code}) before listening:\n${text}`)));
  });
  return {
    url,
    child,
    token: /FERRY_TOKEN=(\S+)/.exec(text)?.[1],
    output: () => text,
    api: (method, path, token, body, contentType = 'application/json') =>
      fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': contentType }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    kill: (signal = 'SIGKILL') => killChild(child, signal),
  };
}
