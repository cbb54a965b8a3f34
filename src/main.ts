// Entry point of the `ferry` command: the CLI plus the commands that start processes (`serve`).
import { Command } from 'commander';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { loadConfig } from './core/config.js';
import { ConfigError, isFerryError } from './core/errors.js';
import type { Logger } from './core/ports/logger.js';
import { CliError } from './cli/cli-error.js';
import type { CommandContext } from './cli/context.js';
import type { CliIo } from './cli/io.js';
import { buildProgram, runCli } from './cli/program.js';
import { startServer } from './host/server.js';
import { simCommand } from './host/sim-command.js';
import { startWorker } from './host/worker.js';

// A reader that stops early (`ferry logs | head`) closes the pipe: end quietly, as other command-line tools do,
// instead of dying on the unhandled EPIPE with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

const io: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  readFile: (path) => readFile(path, 'utf8'),
  readStdin: () => text(process.stdin),
  isTty: process.stderr.isTTY,
  columns: process.stderr.columns,
  openFile: async (path) => {
    if (path === '-') return { size: undefined, chunks: process.stdin };
    const { size } = await stat(path);
    return { size, chunks: createReadStream(path) };
  },
};

/** Resolves once SIGINT or SIGTERM has come and `running` (a server, a worker) has closed. */
function untilStopped(running: { readonly logger: Logger; close(): Promise<void> }): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      running.logger.info('shutting down');
      void running.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function serveCommand(ctx: CommandContext): Command {
  return new Command('serve')
    .description('run the Ferry server (API, console) on the embedded SQLite database')
    .option('--port <port>', 'port to listen on (env FERRY_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (env FERRY_HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'database and key file directory (env FERRY_DATA_DIR, default ./.ferry)')
    .option(
      '--no-dispatch',
      'serve the API only and leave delivery to `ferry worker` (env FERRY_DISPATCH=false)',
    )
    .addHelpText('after', '\nExample:\n  ferry serve --port 8080 --data-dir ./.ferry')
    .action(async (o: { port?: string; host?: string; dataDir?: string; dispatch: boolean }) => {
      let server;
      try {
        // Only the flag's "no": without it FERRY_DISPATCH decides.
        const dispatch = o.dispatch ? undefined : 'false';
        server = await startServer(
          loadConfig(ctx.io.env, { port: o.port, host: o.host, dataDir: o.dataDir, dispatch }),
        );
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        throw new CliError('ERR_CONFIG_INVALID', 'the configuration is invalid', 2, error.issues);
      }
      ctx.io.err(banner(server.url, server.bootstrapToken, server.demoInstructions));
      await untilStopped(server);
    });
}

function banner(url: string, token: string | undefined, demo: string | undefined): string {
  const lines = [
    ``,
    `Ferry is running at ${url}`,
    `  API:     ${url}/api/v1  (OpenAPI: ${url}/api/v1/openapi.json)`,
    `  Health:  ${url}/healthz`,
  ];
  if (token)
    lines.push(
      ``,
      `Admin token (shown once; store it now):`,
      `  export FERRY_TOKEN=${token}`,
      `  export FERRY_URL=${url}`,
      ``,
      `Try: npx ferry subscriptions list; npx ferry --help`,
    );
  if (demo) lines.push('', demo);
  return lines.join('\n') + '\n\n';
}

function workerCommand(ctx: CommandContext): Command {
  return new Command('worker')
    .description('deliver queued transfers beside any number of other workers (PostgreSQL + Redis)')
    .option('--data-dir <dir>', "this worker's own directory, for its send journal (env FERRY_DATA_DIR)")
    .option(
      '--concurrency <n>',
      'most sends this worker keeps in flight, all subscriptions together (env FERRY_WORKER_CONCURRENCY, default 64)',
    )
    .addHelpText(
      'after',
      "\nNeeds FERRY_DATABASE_URL (postgres://…), FERRY_REDIS_URL and the API's FERRY_MASTER_KEY.\nExample:\n  ferry worker --data-dir ./.ferry-worker-1",
    )
    .action(async (o: { dataDir?: string; concurrency?: string }) => {
      let worker;
      try {
        const flags = { dataDir: o.dataDir, workerConcurrency: o.concurrency };
        worker = await startWorker(loadConfig(ctx.io.env, flags));
      } catch (error) {
        if (error instanceof ConfigError)
          throw new CliError('ERR_CONFIG_INVALID', error.message, 2, error.issues);
        if (isFerryError(error) && error.code === 'ERR_WORKER_STORAGE_UNSHARED')
          throw new CliError(error.code, error.message, 2);
        throw error;
      }
      ctx.io.err(`Ferry worker ${worker.owner} is dispatching\n`);
      await untilStopped(worker);
    });
}

const program = buildProgram(io, [serveCommand, workerCommand, simCommand]);
process.exitCode = await runCli(program, process.argv.slice(2), io);
