// `ferry users link`: one-time sign-in links for end users when no OpenID Connect provider is configured.
import { Command } from 'commander';
import type { SignInLinkView } from '../../http/contracts/users.js';
import type { CommandContext } from '../context.js';
import { printJson } from '../output.js';

export function usersCommand(ctx: CommandContext): Command {
  const cmd = new Command('users').description('end users of the connections page');
  cmd
    .command('link')
    .description('create a one-time sign-in link (15 minutes) for an end user; send it to them')
    .argument('<email>', 'the end user it signs in')
    .addHelpText(
      'after',
      '\nThe link opens /connections signed in as that user. Only its hash is stored; it is printed once.\n' +
        'With FERRY_OIDC_ISSUER set, users sign in through that provider instead and links are refused.\n' +
        '\nExample:\n  ferry users link alice@example.com',
    )
    .action(async (email: string) => {
      const link = await ctx.api().call<SignInLinkView>('POST', '/users/sign-in-links', { email });
      if (ctx.json()) return printJson(ctx.io, link);
      ctx.io.out(`${link.url}\n`);
      ctx.io.err(`sign-in link for ${link.email}, works once until ${link.expiresAt}\n`);
    });
  return cmd;
}
