// Runs the ferry command in-process against a test server and captures what it printed and its exit code.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { buildProgram, runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import type { TestFerry } from './ferry-server.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** `readFile` answers `fileText` (for secrets given as @file); `openFile` reads real files for bulk. */
export function cliRunner(ferry: () => TestFerry, fileText = 'secret-from-file\n') {
  return async (args: string[], env: Record<string, string> = {}): Promise<CliRun> => {
    let out = '';
    let err = '';
    const io: CliIo = {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      env: { FERRY_URL: ferry().server.url, FERRY_TOKEN: ferry().token, ...env },
      readFile: () => Promise.resolve(fileText),
      readStdin: () => Promise.resolve(''),
      isTty: false,
      openFile: async (path) => ({ size: (await stat(path)).size, chunks: createReadStream(path) }),
    };
    process.exitCode = undefined;
    const code = await runCli(buildProgram(io), args, io);
    process.exitCode = undefined;
    return { code, out, err };
  };
}

/**
 * Command-line words from a template: the literal text splits on whitespace, each `${value}` is one word
 * as it is (spaces and all), so `argv\`subscriptions add ${name} --api-url ${url}\`` reads like the shell.
 */
export function argv(strings: TemplateStringsArray, ...values: unknown[]): string[] {
  const words: string[] = [];
  strings.forEach((text, i) => {
    words.push(...text.split(/\s+/).filter(Boolean));
    if (i < values.length) words.push(String(values[i]));
  });
  return words;
}
