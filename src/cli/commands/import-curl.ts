// `ferry actions import-curl '<curl ...>'`: an action (and maybe a connector) from a pasted cURL command.
import { Command } from 'commander';
import type { CurlImportResultView } from '../../http/contracts/curl-import.js';
import type { CommandContext } from '../context.js';
import { printJson } from '../output.js';

export function importCurlCommand(ctx: CommandContext): Command {
  return new Command('import-curl')
    .description(
      'create an action from a cURL command; its credentials go to the connector (sealed), not the action',
    )
    .argument(
      '<curl>',
      'the whole command in single quotes, e.g. \'curl -H "X-Api-Key: ..." https://api.example.com/v1/x\'',
    )
    .option('--name <name>', 'action name (default from the method and path)')
    .option(
      '--connector <name>',
      'use this connector (it must fit the URL) or create it (default: match the base URL)',
    )
    .option('--description <text>')
    .option('--dry-run', 'show what would be created, create nothing')
    .addHelpText(
      'after',
      "\nThe base URL picks an existing connector; otherwise a new one is created from the URL's origin with the\n" +
        'credentials found (-u, Authorization, API-key headers or query parameters). Unknown options are refused.\n' +
        "\nExample:\n  ferry actions import-curl 'curl -u bot:$PW https://jira.example.com/rest/api/2/search?jql=project=IT' --name jira-search",
    )
    .action(
      async (
        command: string,
        o: { name?: string; connector?: string; description?: string; dryRun?: boolean },
      ) => {
        const body = {
          command,
          name: o.name,
          connector: o.connector,
          description: o.description,
          dryRun: o.dryRun === true,
        };
        const result = await ctx.api().call<CurlImportResultView>('POST', '/actions/import-curl', body);
        if (ctx.json()) return printJson(ctx.io, result);
        const { action, connector } = result;
        const verb = result.dryRun ? 'would create' : 'created';
        if (connector.created)
          ctx.io.out(
            `${verb} connector ${connector.name} (${connector.baseUrl}, auth ${String(connector.auth.type)})\n`,
          );
        else ctx.io.out(`uses connector ${connector.name} (${connector.baseUrl})\n`);
        ctx.io.out(`${verb} action ${action.name}: ${action.method} ${action.endpoint}\n`);
        for (const s of result.secrets)
          ctx.io.out(`  secret from ${s.where}: kept sealed as ${s.storedAs}\n`);
        for (const d of result.dropped) ctx.io.out(`  secret from ${d.where}: not kept (${d.why})\n`);
      },
    );
}
