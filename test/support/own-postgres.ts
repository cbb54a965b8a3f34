// A throwaway PostgreSQL cluster of the test's own on a free port, so a test may stop and restart it mid-run.
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

export interface OwnPostgres {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, local only). */
  readonly url: string;
  /** Stops it in `immediate` mode: no checkpoint, as a crash; committed work survives in the WAL. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  remove(): Promise<void>;
}

/**
 * initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user (through runuser);
 * as any other user it is that user's own.
 */
const asOwner = (args: string[]): [string, string[]] =>
  userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0] ?? '', args.slice(1)];

const exec = async (args: string[]): Promise<void> => {
  const [file, rest] = asOwner(args);
  await run(file, rest, { timeout: 60_000 });
};

/** initdb on a new directory under os.tmpdir(), then `pg_ctl start` on a free port; resolves once it answers. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ferry-pg-'));
  if (userInfo().uid === 0) chownSync(dir, Number((await run('id', ['-u', 'postgres'])).stdout), -1);
  const data = join(dir, 'data');
  await exec(['initdb', '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  const start = () =>
    exec(['pg_ctl', '-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '60', 'start']);
  const stop = () => exec(['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop']);
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async remove() {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
