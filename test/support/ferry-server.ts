// Starts a real Ferry server on 127.0.0.1 with a temporary data directory and captures its log lines.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/core/config.js';
import { startServer, type FerryServer, type ServerOptions } from '../../src/host/server.js';

export interface TestFerry {
  readonly server: FerryServer;
  readonly dataDir: string;
  readonly token: string;
  readonly logs: string[];
  /** Calls the API with the admin token; `raw` sends the body as given. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
}

export async function startTestFerry(
  env: Record<string, string> = {},
  dataDir = mkdtempSync(join(tmpdir(), 'ferry-e2e-')),
  token?: string,
  options: Omit<ServerOptions, 'logWrite'> = {},
): Promise<TestFerry> {
  const logs: string[] = [];
  const config = loadConfig({
    FERRY_LOG_LEVEL: 'debug',
    FERRY_PORT: '0',
    FERRY_DATA_DIR: dataDir,
    FERRY_DEMO: 'false',
    ...env,
  });
  const server = await startServer(config, { ...options, logWrite: (line) => logs.push(line) });
  const admin = token ?? server.bootstrapToken;
  if (!admin) throw new Error('no admin token: pass the one from the first start');
  return {
    server,
    dataDir,
    token: admin,
    logs,
    api: (method, path, body, headers = {}) =>
      fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${admin}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
  };
}
