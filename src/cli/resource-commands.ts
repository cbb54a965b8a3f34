// The subcommands resource groups share: a list printed as a table (JSON with --json), a delete, a test's steps.
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { printJson, printTable } from './output.js';

/** `list`: the items of GET `path` as a table of `columns`; `row` adds computed columns. */
export function addList<T extends object>(
  cmd: Command,
  ctx: CommandContext,
  [description, path]: readonly [string, string],
  columns: readonly string[],
  row: (item: T) => object = (item) => item,
): void {
  cmd
    .command('list')
    .description(description)
    .action(async () => {
      const { items } = await ctx.api().call<{ items: T[] }>('GET', path);
      if (ctx.json()) return printJson(ctx.io, items);
      printTable(ctx.io, items.map(row), columns);
    });
}

/** `rm <name>` (or `revoke <id>`): DELETE `path/<name>`, then says so: `done` is e.g. "deleted action". */
export function addRemove(
  cmd: Command,
  ctx: CommandContext,
  [usage, description]: readonly [string, string],
  path: string,
  done: string,
): void {
  const [verb = 'rm', arg = '<name>'] = usage.split(' ');
  cmd
    .command(verb)
    .description(description)
    .argument(arg)
    .action(async (key: string) => {
      await ctx.api().call('DELETE', `${path}/${encodeURIComponent(key)}`);
      ctx.io.out(`${done} ${key}\n`);
    });
}

/** Prints what a test did, step by step, then its verdict; a failed test makes the command exit non-zero. */
export function printTestResult(
  ctx: CommandContext,
  result: { readonly ok: boolean; readonly steps: readonly string[] },
  verdict: string,
): void {
  if (ctx.json()) printJson(ctx.io, result);
  else {
    for (const step of result.steps) ctx.io.out(`  ${step}\n`);
    ctx.io.out(verdict);
  }
  if (!result.ok) process.exitCode = 1;
}
