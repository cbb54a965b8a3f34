// Ferry alone in a child process (so its RSS is its own): prints {"url","token"} on one line, stops on SIGTERM.
import { loadConfig } from '../src/core/config.js';
import { startServer } from '../src/server.js';

const server = await startServer(loadConfig(process.env), {
  logWrite: (line) => process.stderr.write(line),
});
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.bootstrapToken ?? '' })}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
