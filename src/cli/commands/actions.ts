// `ferry actions add|list|show|run|rm`: templated HTTP requests through a connector.
import { addList, addRemove } from '../resource-commands.js';
import { Command } from 'commander';
import type { ActionRunResultView, ActionView, LaunchAudienceView } from '../../http/contracts/actions.js';
import type { CommandContext } from '../context.js';
import { parseKeyValues } from '../kv-args.js';
import { importCurlCommand } from './import-curl.js';
import { printJson } from '../output.js';

const collect = (value: string, previous: string[]) => [...previous, value];

interface AddOptions {
  connector: string;
  method: string;
  endpoint: string;
  header: string[];
  query: string[];
  body?: string;
  description?: string;
  timeoutMs?: string;
}

export function actionsCommand(ctx: CommandContext): Command {
  const cmd = new Command('actions').description('manage and run HTTP actions');

  cmd
    .command('add')
    .description('create an HTTP action; {{variables}} work in the endpoint, headers, query and body')
    .argument('<name>')
    .requiredOption('--connector <name>', 'connector that supplies the base URL and credentials')
    .option('--method <method>', 'GET, POST, PUT, DELETE or PATCH', 'GET')
    .requiredOption('--endpoint <path>', 'path after the base URL, starting with /')
    .option('--header <name=value>', 'a request header; repeat for each', collect, [])
    .option('--query <name=value>', 'a query parameter; repeat for each', collect, [])
    .option('--body <json|@file>', 'request body: JSON, or @file to read it from a file')
    .option('--description <text>')
    .option('--timeout-ms <ms>', 'whole-request timeout (default FERRY_HTTP_TIMEOUT_MS)')
    .addHelpText(
      'after',
      `\nExample:\n  ferry actions add create-ticket --connector servicenow --method POST --endpoint /api/now/table/incident \\\n    --body '{"short_description":"{{summary}}","caller_id":"{{meta_info.user.email_addr}}"}'`,
    )
    .action(async (name: string, o: AddOptions) => {
      const body: Record<string, unknown> = {
        name,
        connector: o.connector,
        method: o.method.toUpperCase(),
        endpoint: o.endpoint,
        headers: await parseKeyValues(o.header, ctx.io),
        query: await parseKeyValues(o.query, ctx.io),
        description: o.description,
        timeoutMs: o.timeoutMs === undefined ? undefined : Number(o.timeoutMs),
      };
      if (o.body !== undefined) body.body = await readBody(ctx, o.body);
      printJson(ctx.io, await ctx.api().call<ActionView>('POST', '/actions', body));
    });

  cmd.addCommand(importCurlCommand(ctx));

  addList(
    cmd,
    ctx,
    ['list HTTP actions', '/actions'],
    ['name', 'connector', 'method', 'endpoint', 'description'],
  );

  cmd
    .command('show')
    .description('show one HTTP action')
    .argument('<name>')
    .action(async (name: string) =>
      printJson(ctx.io, await ctx.api().call<ActionView>('GET', `/actions/${enc(name)}`)),
    );

  cmd
    .command('run')
    .description('run an action and print the status and body the system answered with')
    .argument('<name>')
    .option('--input <key=value>', 'an input; key:=json for typed values; repeat for each', collect, [])
    .option(
      '--user <email>',
      'the user it runs for (meta_info.user.email_addr; their tokens on per-user connectors)',
    )
    .addHelpText(
      'after',
      '\nExample:\n  ferry actions run create-ticket --input summary="VPN down" --user alice@example.com',
    )
    .action(async (name: string, o: { input: string[]; user?: string }) => {
      const inputs = await parseKeyValues(o.input, ctx.io);
      const result = await ctx
        .api()
        .call<ActionRunResultView>('POST', `/actions/${enc(name)}/run`, { inputs, user: o.user });
      if (ctx.json()) return printJson(ctx.io, result);
      ctx.io.out(`HTTP ${result.status} in ${Math.round(result.durationMs)} ms\n`);
      ctx.io.out(`${typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2)}\n`);
      if (result.status >= 400) process.exitCode = 1;
    });

  cmd
    .command('launch')
    .description('launch an action to end users (replaces the audience), or show who it is launched to')
    .argument('<name>')
    .option('--to <emails>', 'comma-separated email addresses; "" un-launches it')
    .addHelpText(
      'after',
      '\nLaunched to more than 10 users, runs are logged with method, path template, status and duration only\n' +
        '(strict log reduction); narrowing the launch to 10 or fewer lifts it for new runs.\n' +
        '\nExample:\n  ferry actions launch create-ticket --to alice@example.com,bob@example.com',
    )
    .action(async (name: string, o: { to?: string }) => {
      const path = `/actions/${enc(name)}/launch`;
      const users = o.to
        ?.split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      const audience = await ctx
        .api()
        .call<LaunchAudienceView>(users === undefined ? 'GET' : 'PUT', path, users && { users });
      if (ctx.json()) return printJson(ctx.io, audience);
      ctx.io.out(
        `${audience.users.length} user(s)${audience.users.length ? `: ${audience.users.join(', ')}` : ''}\n`,
      );
      ctx.io.out(`strict log reduction: ${audience.strictLogReduction ? 'on' : 'off'}\n`);
    });

  addRemove(cmd, ctx, ['rm <name>', 'delete an HTTP action'], '/actions', 'deleted action');
  return cmd;
}

async function readBody(ctx: CommandContext, raw: string): Promise<unknown> {
  const text = raw.startsWith('@') ? await ctx.io.readFile(raw.slice(1)) : raw;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const enc = encodeURIComponent;
