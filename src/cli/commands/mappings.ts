// `ferry mappings list|show|import|export|update|clone|rm` and `ferry formula eval`.
import { Command, Option } from 'commander';
import type { EvaluateView, MappingCollectionView } from '../../http/contracts/mappings.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { readJsonInput } from '../kv-args.js';
import { printJson, printTable } from '../output.js';

const enc = encodeURIComponent;
const path = (sub: string, collection?: string) =>
  `/subscriptions/${enc(sub)}/mapping-collections${collection === undefined ? '' : `/${enc(collection)}`}`;

export function mappingsCommand(ctx: CommandContext): Command {
  const cmd = new Command('mappings').description(
    'mapping collections: how Messages become Moveworks payloads',
  );
  const call = <T>(method: string, p: string, body?: unknown) => ctx.api().call<T>(method, p, body);

  cmd
    .command('list')
    .description('the collections of a subscription, in the order they apply (the first Enabled one maps)')
    .argument('<subscription>')
    .action(async (sub: string) => {
      const { items } = await call<{ items: MappingCollectionView[] }>('GET', path(sub));
      if (ctx.json()) return printJson(ctx.io, items);
      printTable(
        ctx.io,
        items.map((c) => ({ ...c, rows: c.rows.length })),
        ['id', 'name', 'status', 'sortOrder', 'rows'],
      );
    });

  cmd
    .command('show')
    .description('one collection with its rows, filters and lookup tables')
    .argument('<subscription>')
    .argument('<collection>', 'id or name')
    .action(async (sub: string, c: string) => printJson(ctx.io, await call('GET', path(sub, c))));

  cmd
    .command('import')
    .alias('add')
    .description('create a collection from a JSON file (an export, or written by hand)')
    .argument('<subscription>')
    .argument('<file>', 'JSON file; - for standard input')
    .addHelpText(
      'after',
      `
Rows: {"destination": "Id|EventId|Recipients|Message|Context.Slots|Context.Slots.<name>", "type": ..., ...}
  static   "value": any          field    "field": "Text" or "CustomFields.<name>"
  formula  "formula": "JS"      lookup   "field": "...", "table": "<name of a lookups table>"
Filters: "mappingFilter" (false skips the Message), "errorFilter" (a string fails it with that text).

Example:
  ferry mappings export "Moveworks - Production" "Moveworks Message Add From Ferry" > mapping.json
  ferry mappings import "Moveworks - Staging" mapping.json`,
    )
    .action(async (sub: string, file: string) =>
      printJson(ctx.io, await call('POST', path(sub), await readJsonInput(file, ctx.io))),
    );

  cmd
    .command('export')
    .description('print a collection as JSON (no ids) for version control')
    .argument('<subscription>')
    .argument('<collection>')
    .action(async (sub: string, c: string) => printJson(ctx.io, await call('GET', `${path(sub, c)}/export`)));

  cmd
    .command('update')
    .description('change a collection: from a JSON file of the fields to change, or with flags')
    .argument('<subscription>')
    .argument('<collection>')
    .option('--file <file>', 'JSON with the fields to change (rows and lookups are replaced whole)')
    .addOption(new Option('--status <status>').choices(['Enabled', 'Inactive']))
    .option('--sort-order <n>', 'position among the collections', Number)
    .option('--name <name>')
    .action(
      async (
        sub: string,
        c: string,
        o: { file?: string; status?: string; sortOrder?: number; name?: string },
      ) => {
        const fromFile = o.file === undefined ? {} : ((await readJsonInput(o.file, ctx.io)) as object);
        const body = { ...fromFile, status: o.status, sortOrder: o.sortOrder, name: o.name };
        const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
        if (Object.keys(patch).length === 0)
          throw usageError('nothing to change: give --file, --status, --sort-order or --name');
        printJson(ctx.io, await call('PATCH', path(sub, c), patch));
      },
    );

  cmd
    .command('clone')
    .description('copy a collection (the copy starts Inactive)')
    .argument('<subscription>')
    .argument('<collection>')
    .option('--name <name>', 'name of the copy')
    .action(async (sub: string, c: string, o: { name?: string }) =>
      printJson(
        ctx.io,
        await call('POST', `${path(sub, c)}/clone`, o.name === undefined ? {} : { name: o.name }),
      ),
    );

  cmd
    .command('rm')
    .description('delete a collection')
    .argument('<subscription>')
    .argument('<collection>')
    .action(async (sub: string, c: string) => {
      await call('DELETE', path(sub, c));
      ctx.io.out(`deleted mapping collection ${c}\n`);
    });
  return cmd;
}

export function formulaCommand(ctx: CommandContext): Command {
  const cmd = new Command('formula').description('try formulas and mapping collections before saving them');
  cmd
    .command('eval')
    .description('evaluate a formula, a collection file or a subscription’s mapping against a sample Message')
    .argument('[formula]', 'a JavaScript expression or statement body with return')
    .requiredOption('--message <file>', 'the sample Message as JSON')
    .option('--collection <file>', 'a collection as JSON (for example an export)')
    .option('--subscription <id>', "use this subscription's mapping and default event id")
    .addHelpText(
      'after',
      `
Helpers: GetCustomFieldValue, IsEmpty, Truncate, Coalesce, CoalesceToInt/Decimal/DateTime, FirstMatch,
FieldFromFirstMatch, GetValue, ConvertToInt/Long/Decimal/Double, SplitEmails. In scope: Id, Type, Severity, Text,
Detail, CustomFields, Links, ExternalIds, CreatedTime.

Examples:
  ferry formula eval "Truncate(Text, 20) + ' (' + GetCustomFieldValue(CustomFields, 'Ticket') + ')'" --message m.json
  ferry formula eval --collection mapping.json --message m.json`,
    )
    .action(
      async (
        formula: string | undefined,
        o: { message: string; collection?: string; subscription?: string },
      ) => {
        const body = {
          message: await readJsonInput(o.message, ctx.io),
          ...(formula === undefined ? {} : { formula }),
          ...(o.collection === undefined ? {} : { collection: await readJsonInput(o.collection, ctx.io) }),
          ...(o.subscription === undefined ? {} : { subscription: o.subscription }),
        };
        const result = await ctx.api().call<EvaluateView>('POST', '/formulas/evaluate', body);
        printJson(ctx.io, result);
        if (result.error !== undefined || result.outcome?.kind === 'failed') process.exitCode = 1;
      },
    );
  return cmd;
}
