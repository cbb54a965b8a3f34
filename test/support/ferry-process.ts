// Ferry as a real child process (`ferry serve` through tsx), so a test can kill -9 it and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
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

/** Starts `ferry serve` on a free port with the data directory and resolves once it listens. */
export function startFerryProcess(dataDir: string, env: Record<string, string> = {}): Promise<FerryProcess> {
  return onFreePort((port) => startOn(port, dataDir, env));
}

/** `ferry serve` on this port and data directory, as a child process. */
const spawnServe = (port: number, dataDir: string, env: Record<string, string>): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
    env: {
      ...process.env,
      FERRY_DATA_DIR: dataDir,
      FERRY_PORT: String(port),
      FERRY_DEMO: 'false',
      FERRY_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

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

async function startOn(port: number, dataDir: string, env: Record<string, string>): Promise<FerryProcess> {
  const child = spawnServe(port, dataDir, env);
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
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill(signal);
      }),
  };
}
