// `ferry logs`, `ferry errors`, `ferry replay`, `ferry dismiss` and `ferry transfers list|show`.
import { Command } from 'commander';
import type { AttemptView, TransferView } from '../../http/contracts/messages.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { printJson, printTable } from '../output.js';

interface Filter {
  subscription?: string;
  message?: string;
  status?: string;
  limit?: string;
}

const query = (o: Filter): string => {
  const q = new URLSearchParams();
  for (const key of ['subscription', 'message', 'status', 'limit'] as const) {
    const value = o[key];
    if (value !== undefined) q.set(key, value);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
};

const filters = (cmd: Command, withStatus: boolean): Command => {
  cmd
    .option('--subscription <id>', 'only this subscription (id or name)')
    .option('--message <id>', 'only this Message Id')
    .option('--limit <n>', 'how many, newest first (default 100)');
  return withStatus
    ? cmd.option('--status <list>', 'statuses, comma separated, e.g. failed,unconfirmed')
    : cmd;
};

function logCommand(ctx: CommandContext, name: 'logs' | 'errors'): Command {
  const errors = name === 'errors';
  return filters(
    new Command(name).description(
      errors
        ? 'the error log: attempts that failed or may not have arrived, with the Moveworks error text'
        : 'the activity log: every attempt with tracking id, message id, status, HTTP code and duration',
    ),
    false,
  ).action(async (o: Filter) => {
    const { items } = await ctx
      .api()
      .call<{ items: AttemptView[] }>('GET', `/${errors ? 'errors' : 'activity'}${query(o)}`);
    if (ctx.json()) return printJson(ctx.io, items);
    const columns = ['at', 'trackingId', 'messageId', 'status', 'httpStatus', 'attempt', 'durationMs'];
    if (!errors) return printTable(ctx.io, items, columns);
    if (items.length === 0) return ctx.io.out('(no errors)\n');
    for (const a of items)
      ctx.io.out(
        `${a.at}  ${a.trackingId}  message ${a.messageId}  ${a.status}\n  ${a.summary}\n  ${a.error}\n`,
      );
  });
}

function selectionCommand(ctx: CommandContext, action: 'replay' | 'dismiss'): Command {
  const replay = action === 'replay';
  const cmd = new Command(action)
    .description(
      replay
        ? 'send failed, unconfirmed or dismissed transfers again (a delivered one is never sent twice)'
        : 'dismiss failed or unconfirmed transfers (they leave the error queue; replay brings them back)',
    )
    .argument('[trackingIds...]', 'transfers by tracking id')
    .option('--subscription <id>', 'every matching transfer of this subscription')
    .option('--message <id>', 'the transfers of this Message Id')
    .option('--status <list>', 'failed, unconfirmed or dismissed, comma separated')
    .option('--all', 'every matching transfer of every subscription');
  if (replay) cmd.option('--debug', 'put them first and log every request and response (secrets masked)');
  return cmd
    .addHelpText(
      'after',
      `\nExamples:\n  ferry ${action} 35996be6-0c7d-4a2a-b6ad-fd248490ca14\n  ferry ${action} --subscription "Moveworks - Production" --status failed`,
    )
    .action(async (ids: string[], o: Filter & { all?: boolean; debug?: boolean }) => {
      const selection = {
        ...(ids.length > 0 ? { trackingIds: ids } : {}),
        ...(o.subscription === undefined ? {} : { subscription: o.subscription }),
        ...(o.message === undefined ? {} : { message: o.message }),
        ...(o.status === undefined ? {} : { status: o.status.split(',').map((s) => s.trim()) }),
        ...(o.all ? { all: true } : {}),
        ...(o.debug ? { debug: true } : {}),
      };
      if (Object.keys(selection).filter((k) => k !== 'debug').length === 0)
        throw usageError('name tracking ids, --subscription, --message, --status, or --all');
      const { count } = await ctx.api().call<{ count: number }>('POST', `/transfers/${action}`, selection);
      if (ctx.json()) return printJson(ctx.io, { count });
      ctx.io.out(`${replay ? 'queued again' : 'dismissed'}: ${count} transfer(s)\n`);
    });
}

function transfersCommand(ctx: CommandContext): Command {
  const cmd = new Command('transfers').description(
    'list and inspect transfers (one Message through one subscription)',
  );
  filters(cmd.command('list').description('transfers, newest first'), true).action(async (o: Filter) => {
    const { items } = await ctx.api().call<{ items: TransferView[] }>('GET', `/transfers${query(o)}`);
    if (ctx.json()) return printJson(ctx.io, items);
    printTable(ctx.io, items, [
      'trackingId',
      'messageId',
      'subscriptionId',
      'status',
      'attempts',
      'httpStatus',
      'updatedAt',
    ]);
  });
  cmd
    .command('show')
    .description('one transfer with its payload and every attempt')
    .argument('<trackingId>')
    .action(async (id: string) =>
      printJson(ctx.io, await ctx.api().call('GET', `/transfers/${encodeURIComponent(id)}`)),
    );
  return cmd;
}

export const deliveryCommands = [
  (ctx: CommandContext) => logCommand(ctx, 'logs'),
  (ctx: CommandContext) => logCommand(ctx, 'errors'),
  (ctx: CommandContext) => selectionCommand(ctx, 'replay'),
  (ctx: CommandContext) => selectionCommand(ctx, 'dismiss'),
  transfersCommand,
];
