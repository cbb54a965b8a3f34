// The `ferry` command: global options and every subcommand; `serve` and `sim` are added by the composition root.
import { Command, CommanderError } from 'commander';
import { actionsCommand } from './commands/actions.js';
import { connectorsCommand } from './commands/connectors.js';
import { keysCommand } from './commands/keys.js';
import { formulaCommand, mappingsCommand } from './commands/mappings.js';
import { bulkCommand, sendCommand, syncCommand } from './commands/messages.js';
import { subscriptionsCommand } from './commands/subscriptions.js';
import { deliveryCommands } from './commands/transfers.js';
import { tokensCommand } from './commands/tokens.js';
import { usersCommand } from './commands/users.js';
import { CliError } from './cli-error.js';
import { createContext, type CommandContext } from './context.js';
import type { CliIo } from './io.js';

export function buildProgram(io: CliIo, extra: readonly ((ctx: CommandContext) => Command)[] = []): Command {
  const program = new Command('ferry')
    .description('Ferry: connectors, HTTP actions and Moveworks subscriptions, self-hosted')
    .option('--url <url>', 'Ferry server URL (env FERRY_URL)', undefined)
    .option('--token <token>', 'admin API token (env FERRY_TOKEN)')
    .option('--json', 'print JSON instead of tables')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  const ctx = createContext(program, io);
  for (const make of [
    ...extra,
    subscriptionsCommand,
    sendCommand,
    bulkCommand,
    syncCommand,
    ...deliveryCommands,
    mappingsCommand,
    formulaCommand,
    connectorsCommand,
    actionsCommand,
    usersCommand,
    tokensCommand,
    keysCommand,
  ])
    program.addCommand(make(ctx));
  for (const sub of program.commands) {
    sub.exitOverride();
    sub.configureOutput({ writeOut: io.out, writeErr: io.err });
    for (const leaf of sub.commands)
      leaf.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  }
  program.addHelpText(
    'after',
    `
Examples:
  npm start                                         # or: ferry serve --port 8080 --data-dir ./.ferry
  export FERRY_TOKEN=fry_...                        # printed by the first start
  ferry subscriptions add "Moveworks - Production" --region us --client-id ID --client-secret @env:MW_SECRET \\
    --default-event 7c1f5d2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f
  ferry send --id INC0012 --text "Your laptop is ready" --to alice@example.com
  ferry logs; ferry errors; ferry replay --status failed --all
  ferry bulk messages.csv
  ferry connectors add github --base-url https://api.github.com --type bearer --auth apiKey=@env:GITHUB_TOKEN
  ferry connectors test github
  ferry actions add me --connector github --method GET --endpoint /users/{{login}}
  ferry actions run me --input login=octocat --user alice@example.com
  ferry actions launch me --to alice@example.com,bob@example.com
  ferry users link alice@example.com                # sign-in link for /connections
  ferry tokens create ci
  ferry keys rotate`,
  );
  return program;
}

/** Runs the program; resolves the process exit code and prints errors as one clear message. */
export async function runCli(program: Command, argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof CliError) {
      io.err(`ferry: ${error.message}\n`);
      for (const issue of error.issues) io.err(`  - ${issue.path}: ${issue.message}\n`);
      return error.exitCode;
    }
    io.err(`ferry: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
