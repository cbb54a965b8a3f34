// Listening for HTTP and closing in order, and the start-up error an operator can act on (a port in use).
import { serve, type ServerType } from '@hono/node-server';
import type { FerryConfig } from '../core/config.js';
import { ConfigError } from '../core/errors.js';

/** A port already taken is the operator's to change: say which setting does it. */
export function startError(error: unknown, config: FerryConfig): unknown {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return error;
  const message = `port ${config.port} on ${config.host} is already in use; choose another with --port or FERRY_PORT`;
  return new ConfigError(message, [{ path: 'FERRY_PORT', code: 'port_in_use', message }]);
}

/** How long requests in flight get to finish at shutdown (a Connection Test may be waiting out a throttle). */
export const HTTP_CLOSE_GRACE_MS = 5_000;

/** Stops accepting connections (idle keep-alive ones end at once) and cuts requests still open after the grace. */
export function closeHttp(server: ServerType, graceMs: number): Promise<void> {
  return new Promise((done) => {
    const cut = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(cut);
      done();
    });
  });
}

export function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<ServerType> {
  return new Promise((resolveListen, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolveListen(server));
    server.once('error', reject);
  });
}
