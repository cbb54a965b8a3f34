// Runs the ferry command once against a test server (a shorthand for cliRunner).
import { cliRunner, type CliRun } from './cli-runner.js';
import type { TestFerry } from './ferry-server.js';

export const runFerryCli = (
  ferry: TestFerry,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> => cliRunner(() => ferry)(args, env);
