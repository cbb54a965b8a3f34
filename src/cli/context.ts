// What every CLI command receives: the io, the API client built from global options, and output mode.
import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import type { CliIo } from './io.js';

export interface CommandContext {
  readonly io: CliIo;
  readonly api: () => ApiClient;
  readonly json: () => boolean;
}

export function createContext(program: Command, io: CliIo): CommandContext {
  const opts = () => program.opts<{ url?: string; token?: string; json?: boolean }>();
  return {
    io,
    api: () =>
      new ApiClient({
        url: opts().url ?? io.env.FERRY_URL ?? 'http://127.0.0.1:8080',
        token: opts().token ?? io.env.FERRY_TOKEN,
      }),
    json: () => opts().json === true,
  };
}
