// Test helper: a real HTTP(S) server on 127.0.0.1 that echoes each request, or answers as a test decides.
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/** What the echo server saw of one request; it answers with this as JSON. */
export interface EchoedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** Answers a request itself; return false to fall back to the echo. */
export type Responder = (req: EchoedRequest, res: ServerResponse) => boolean;

export interface EchoServer {
  /** Base URL, e.g. http://127.0.0.1:54321. */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: EchoedRequest[];
  /** Number of TCP connections accepted. */
  connections: number;
  respond: Responder;
  close(): Promise<void>;
}

async function readRequest(req: IncomingMessage): Promise<EchoedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://echo');
  return {
    method: req.method ?? '',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

/** Starts the server on an ephemeral port; with `tls` it speaks HTTPS with that key and certificate. */
export async function startEchoServer(tls?: {
  readonly cert: string;
  readonly key: string;
}): Promise<EchoServer> {
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void readRequest(req).then((seen) => {
      echo.requests.push(seen);
      if (echo.respond(seen, res)) return;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
    });
  };
  const server: Server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
  server.on('connection', (socket: Socket) => {
    echo.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const echo: EchoServer = {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests: [],
    connections: 0,
    respond: () => false,
    close: () =>
      new Promise<void>((resolve) => {
        // Sockets left hanging by timeout tests would keep close() waiting.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return echo;
}
