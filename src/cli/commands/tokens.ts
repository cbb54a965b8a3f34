// `ferry tokens create|list|revoke`: admin API tokens.
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { printJson, printTable } from '../output.js';

interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  token?: string;
}

export function tokensCommand(ctx: CommandContext): Command {
  const cmd = new Command('tokens').description('manage admin API tokens');
  cmd
    .command('create')
    .description('create an admin token; it is printed once, store it now')
    .argument('<name>', 'what the token is for, e.g. "ci" or "alice laptop"')
    .action(async (name: string) => {
      const created = await ctx.api().call<TokenView>('POST', '/tokens', { name });
      if (ctx.json()) return printJson(ctx.io, created);
      ctx.io.out(`${created.token}\n`);
      ctx.io.err(`created token ${created.id} (${name}); it will not be shown again\n`);
    });
  cmd
    .command('list')
    .description('list admin tokens (never their values)')
    .action(async () => {
      const { items } = await ctx.api().call<{ items: TokenView[] }>('GET', '/tokens');
      if (ctx.json()) return printJson(ctx.io, items);
      printTable(ctx.io, items, ['id', 'name', 'createdAt', 'lastUsedAt', 'revokedAt']);
    });
  cmd
    .command('revoke')
    .description('revoke an admin token at once')
    .argument('<id>')
    .action(async (id: string) => {
      await ctx.api().call('DELETE', `/tokens/${encodeURIComponent(id)}`);
      ctx.io.out(`revoked token ${id}\n`);
    });
  return cmd;
}
