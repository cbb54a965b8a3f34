// `ferry tokens create|list|revoke`: admin API tokens.
import { addList, addRemove } from '../resource-commands.js';
import { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { printJson } from '../output.js';

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
  addList(
    cmd,
    ctx,
    ['list admin tokens (never their values)', '/tokens'],
    ['id', 'name', 'createdAt', 'lastUsedAt', 'revokedAt'],
  );
  addRemove(cmd, ctx, ['revoke <id>', 'revoke an admin token at once'], '/tokens', 'revoked token');
  return cmd;
}
