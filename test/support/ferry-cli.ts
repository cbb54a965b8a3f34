// Runs the ferry command in-process against a test server and captures its output and exit code.
import { buildProgram, runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import type { TestFerry } from './ferry-server.js';

export async function runFerryCli(ferry: TestFerry, args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    env: { FERRY_URL: ferry.server.url, FERRY_TOKEN: ferry.token, ...env },
    readFile: () => Promise.resolve('secret-from-file\n'),
    readStdin: () => Promise.resolve(''),
    isTty: false,
  };
  process.exitCode = undefined;
  const code = await runCli(buildProgram(io), args, io);
  process.exitCode = undefined;
  return { code, out, err };
}
