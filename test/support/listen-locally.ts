// Starts a test server on 127.0.0.1 at a port the system picks, and closes it with its kept-alive connections.
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface LocalListener {
  readonly port: number;
  /** Drops open connections (kept-alive ones too) and resolves once the server has closed. */
  close: () => Promise<void>;
}

export async function listenLocally(server: HttpServer | HttpsServer): Promise<LocalListener> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
