// `ferry send`, `ferry bulk FILE` and `ferry sync ID...`: Messages into Ferry and through a subscription.
import { randomUUID } from 'node:crypto';
import { Command } from 'commander';
import { EVENT_ID_FIELD, RECIPIENTS_FIELD } from '../../core/mappings/default-mapping.js';
import type { BulkSummaryView, IngestView } from '../../http/contracts/messages.js';
import type { ManualSyncView, SubscriptionView } from '../../http/contracts/subscriptions.js';
import { formatBulkSummary } from '../bulk-summary.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { parseKeyValues, readJsonInput, resolveValue } from '../kv-args.js';
import { printJson } from '../output.js';
import { createProgress } from '../progress.js';

const collect = (value: string, previous: string[]) => [...previous, value];

interface SendFlags {
  id?: string;
  text?: string;
  detail?: string;
  type?: string;
  severity?: string;
  to?: string;
  event?: string;
  field: string[];
  file?: string;
}

export function sendCommand(ctx: CommandContext): Command {
  return new Command('send')
    .description('send one Message: stored once per Id and delivered by every enabled subscription')
    .option('--id <id>', 'the Message Id (default: a new UUID); the same Id is never sent twice')
    .option('--text <text>', 'the message text (Moveworks HTML: <b>, <i>, <br>, <a href>, :emoji:)')
    .option('--detail <text>', 'more text, appended after a line break')
    .option('--to <emails>', `recipients, comma separated (custom field "${RECIPIENTS_FIELD}")`)
    .option('--event <uuid>', `event id (custom field "${EVENT_ID_FIELD}"; default: the subscription's)`)
    .option('--field <name=value>', 'a custom field, becomes a context slot; repeat for each', collect, [])
    .option('--type <type>', 'Transfer or Other')
    .option('--severity <severity>', 'Verbose, Info, Warning, Error, None or Critical')
    .option('--file <path>', 'the whole Message as JSON from a file (- for standard input)')
    .addHelpText(
      'after',
      '\nExamples:\n  ferry send --id INC0012 --text "Your laptop is ready" --to alice@example.com --field Ticket=INC0012\n  ferry send --file message.json',
    )
    .action(async (o: SendFlags) => {
      const message = o.file === undefined ? await fromFlags(ctx, o) : await readJsonInput(o.file, ctx.io);
      const result = await ctx.api().call<IngestView>('POST', '/messages', message);
      if (ctx.json()) return printJson(ctx.io, result);
      if (result.duplicate)
        return ctx.io.out(`duplicate: message ${result.id} was accepted before; nothing is sent again\n`);
      ctx.io.out(`accepted message ${result.id}\n`);
      for (const t of result.transfers)
        ctx.io.out(`  ${t.trackingId}  ${t.subscriptionId}  ${t.status}${t.error ? `  ${t.error}` : ''}\n`);
      if (result.transfers.length === 0) ctx.io.out('  (no enabled subscription: stored only)\n');
    });
}

async function fromFlags(ctx: CommandContext, o: SendFlags): Promise<Record<string, unknown>> {
  if (o.text === undefined) throw usageError('give --text (or --file with a whole Message)');
  const fields = await parseKeyValues(o.field, ctx.io);
  if (o.to !== undefined) fields[RECIPIENTS_FIELD] = o.to;
  if (o.event !== undefined) fields[EVENT_ID_FIELD] = o.event;
  return {
    Id: o.id ?? randomUUID(),
    Text: await resolveValue(o.text, ctx.io),
    ...(o.detail === undefined ? {} : { Detail: o.detail }),
    ...(o.type === undefined ? {} : { Type: o.type }),
    ...(o.severity === undefined ? {} : { Severity: o.severity }),
    CustomFields: fields,
  };
}

const CONTENT_TYPES = { ndjson: 'application/x-ndjson', json: 'application/json', csv: 'text/csv' } as const;

export function bulkCommand(ctx: CommandContext): Command {
  return new Command('bulk')
    .description('send many Messages from an NDJSON, JSON-array or CSV file, streamed')
    .argument('<file>', 'the file (.ndjson/.jsonl, .json or .csv; - for standard input with --format)')
    .option('--format <format>', 'ndjson, json or csv (default: from the file name)')
    .addHelpText(
      'after',
      '\nCSV: a header row; columns Id, Type, Severity, Text, Detail, CreatedTime, and every other column a custom\nfield (e.g. "Moveworks Message Recipients").\n\nExample:\n  ferry bulk messages.csv',
    )
    .action(async (file: string, o: { format?: string }) => {
      const format = (o.format ?? /\.(ndjson|jsonl|json|csv)$/i.exec(file)?.[1]?.toLowerCase())?.replace(
        'jsonl',
        'ndjson',
      );
      if (format !== 'ndjson' && format !== 'json' && format !== 'csv')
        throw usageError('give --format ndjson, json or csv (the file name does not say)');
      const { size, chunks } = await ctx.io.openFile(file).catch(() => {
        throw usageError(`cannot read ${file}`);
      });
      const progress = createProgress({
        write: ctx.io.err,
        isTty: ctx.io.isTty,
        label: 'bulk',
        ...(size === undefined ? {} : { total: size }),
        ...(ctx.io.columns === undefined ? {} : { columns: ctx.io.columns }),
      });
      let sent = 0;
      async function* counted() {
        for await (const chunk of chunks) {
          sent += chunk.byteLength;
          progress.update(sent);
          yield chunk;
        }
      }
      const summary = await ctx
        .api()
        .upload<BulkSummaryView>('/messages/bulk', CONTENT_TYPES[format], counted());
      progress.update(sent, {
        accepted: summary.accepted,
        duplicates: summary.duplicates,
        rejected: summary.rejectedCount,
      });
      progress.finish();
      if (ctx.json()) printJson(ctx.io, summary);
      else ctx.io.out(formatBulkSummary(summary));
      if (summary.rejectedCount > 0) process.exitCode = 1;
    });
}

export function syncCommand(ctx: CommandContext): Command {
  return new Command('sync')
    .description(
      'Manual Sync: send up to 3,000 stored Messages through a subscription again or for the first time',
    )
    .argument('[ids...]', 'Message ids')
    .option('--subscription <id>', 'subscription id or name (default: the only one)')
    .option('--file <path>', 'more ids, one per line')
    .option('--debug', 'put them first in the queue and log every request and response (secrets masked)')
    .addHelpText(
      'after',
      '\nExample:\n  ferry sync INC0012 INC0013 --subscription "Moveworks - Production" --debug',
    )
    .action(async (given: string[], o: { subscription?: string; file?: string; debug?: boolean }) => {
      const fromFile = o.file === undefined ? [] : (await ctx.io.readFile(o.file)).split(/\r?\n/);
      const ids = [...given, ...fromFile].map((s) => s.trim()).filter(Boolean);
      if (ids.length === 0) throw usageError('give message ids (or --file)');
      const sub = o.subscription ?? (await onlySubscription(ctx));
      const report = await ctx
        .api()
        .call<ManualSyncView>('POST', `/subscriptions/${encodeURIComponent(sub)}/manual-sync`, {
          ids,
          debug: o.debug === true,
        });
      if (ctx.json()) return printJson(ctx.io, report);
      ctx.io.out(
        `queued ${report.queued.length}, already queued ${report.alreadyQueued.length}, ` +
          `already delivered ${report.alreadyDelivered.length}, not found ${report.notFound.length}\n`,
      );
      if (report.notFound.length > 0) ctx.io.out(`not found: ${report.notFound.slice(0, 20).join(', ')}\n`);
      if (report.notFound.length > 0) process.exitCode = 1;
    });
}

async function onlySubscription(ctx: CommandContext): Promise<string> {
  const { items } = await ctx.api().call<{ items: SubscriptionView[] }>('GET', '/subscriptions');
  const [only] = items;
  if (items.length === 1 && only) return only.id;
  throw usageError(
    items.length === 0
      ? 'there is no subscription yet (ferry subscriptions add)'
      : `give --subscription: ${items.map((s) => `"${s.name}"`).join(', ')}`,
  );
}
