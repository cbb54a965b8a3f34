// `ferry keys rotate`: a new master key and every secret re-sealed, while Ferry keeps serving.
import { Command } from 'commander';
import type { KeyRotationResult } from '../../http/contracts/keys.js';
import type { CommandContext } from '../context.js';
import { printJson } from '../output.js';

export function keysCommand(ctx: CommandContext): Command {
  const cmd = new Command('keys').description('manage the master key that seals secrets at rest');
  cmd
    .command('rotate')
    .description('seal every secret under a new master key without downtime')
    .addHelpText(
      'after',
      '\nWith the key file (default): a new key is added to <data-dir>/master.key and becomes primary; old keys stay\n' +
        'only to unseal. With FERRY_MASTER_KEY: set the new key there and the old one in FERRY_MASTER_KEY_PREVIOUS,\n' +
        'restart, then run this command to re-seal everything under the new key.',
    )
    .action(async () => {
      const r = await ctx.api().call<KeyRotationResult>('POST', '/keys/rotate');
      if (ctx.json()) return printJson(ctx.io, r);
      ctx.io.out(`primary key ${r.primaryKeyId}; ${r.resealed} secret(s) re-sealed\n`);
      if (r.hint) ctx.io.out(`${r.hint}\n`);
    });
  return cmd;
}
