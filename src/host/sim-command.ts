// `ferry sim`: runs the Moveworks simulator as its own process, flags mapped onto its options schema.
import { Command } from 'commander';
import { CliError, usageError } from '../cli/cli-error.js';
import type { CommandContext } from '../cli/context.js';
import { ConfigError } from '../core/errors.js';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID, startSimulator } from '../sim/index.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const num = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw usageError(`--${name} must be a number`);
  return n;
};

interface SimFlags {
  port: number;
  host: string;
  rateLimit?: number;
  tokenLifetime?: number;
  event: string[];
  client: string[];
  apiKey: string[];
  acceptAnyEvent?: boolean;
  latencyMs?: number;
  errorRate?: number;
  resetRate?: number;
  hangRate?: number;
  seed?: number;
  responseStyle?: string;
}

export function simCommand(ctx: CommandContext): Command {
  return new Command('sim')
    .description(
      'run a faithful Moveworks API simulator (Events API, token, auth test, webhooks) for demos and tests',
    )
    .option('--port <port>', 'port to listen on', num('port'), 8090)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--rate-limit <n>', 'requests per minute for the whole organisation (0 = off)', num('rate-limit'))
    .option('--token-lifetime <s>', 'access token lifetime in seconds', num('token-lifetime'))
    .option('--event <uuid>', 'a known event id; repeat for each (default: the demo event)', collect, [])
    .option('--accept-any-event', 'accept every UUID as an event id')
    .option(
      '--client <id:secret>',
      'a known OAuth client; repeat for each (default: the demo client)',
      collect,
      [],
    )
    .option('--api-key <key>', 'an API key accepted as a bearer; repeat for each', collect, [])
    .option('--latency-ms <ms>', 'added latency per answer', num('latency-ms'))
    .option('--error-rate <fraction>', 'fraction of requests answered 500', num('error-rate'))
    .option('--reset-rate <fraction>', 'fraction of connections reset', num('reset-rate'))
    .option('--hang-rate <fraction>', 'fraction of requests never answered', num('hang-rate'))
    .option('--seed <n>', 'seed of the fault draws, for repeatable runs', num('seed'))
    .option('--response-style <style>', 'docs (default) or openapi ({"data":…} token responses, flat errors)')
    .addHelpText(
      'after',
      '\nExample:\n  ferry sim --port 8090 --rate-limit 120 --error-rate 0.2\n  curl -s localhost:8090/_sim/messages',
    )
    .action(async (f: SimFlags) => {
      const clients = f.client.map((pair) => {
        const at = pair.indexOf(':');
        if (at < 1) throw usageError(`--client "${pair}" must be id:secret`);
        return { clientId: pair.slice(0, at), clientSecret: pair.slice(at + 1) };
      });
      const options = {
        port: f.port,
        host: f.host,
        ...(clients.length > 0 ? { clients } : {}),
        ...(f.event.length > 0 ? { events: f.event } : {}),
        ...(f.apiKey.length > 0 ? { apiKeys: f.apiKey } : {}),
        ...(f.rateLimit === undefined ? {} : { rateLimit: f.rateLimit }),
        ...(f.tokenLifetime === undefined ? {} : { tokenLifetimeSeconds: f.tokenLifetime }),
        ...(f.acceptAnyEvent ? { acceptAnyEvent: true } : {}),
        ...(f.latencyMs === undefined ? {} : { latencyMs: f.latencyMs }),
        ...(f.errorRate === undefined ? {} : { errorRate: f.errorRate }),
        ...(f.resetRate === undefined ? {} : { resetRate: f.resetRate }),
        ...(f.hangRate === undefined ? {} : { hangRate: f.hangRate }),
        ...(f.seed === undefined ? {} : { seed: f.seed }),
        ...(f.responseStyle === undefined ? {} : { responseStyle: f.responseStyle }),
      };
      let sim;
      try {
        sim = await startSimulator(options as Parameters<typeof startSimulator>[0]);
      } catch (error) {
        if (error instanceof ConfigError)
          throw new CliError('ERR_CONFIG_INVALID', 'invalid simulator options', 2, error.issues);
        throw error;
      }
      ctx.io.err(
        `Moveworks simulator at ${sim.url}\n` +
          (clients.length === 0 ? `  client id ${DEMO_CLIENT_ID}, secret ${DEMO_CLIENT_SECRET}\n` : '') +
          (f.event.length === 0 ? `  event id  ${DEMO_EVENT_ID}\n` : '') +
          `  accepted messages: ${sim.url}/_sim/messages   stats: ${sim.url}/_sim/stats\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void sim.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
