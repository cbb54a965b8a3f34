// A TCP relay in front of a real server that can be taken down and brought back on the same port, as a restart.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Drops every relayed connection and refuses new ones, as a server going down. */
  down(): Promise<void>;
  /** Accepts connections again on the same port. */
  up(): Promise<void>;
  /**
   * PostgreSQL only: the next `count` COMMITs reach the server, which commits, and then the connection breaks
   * before its answer reaches the client, which cannot tell whether the transaction committed.
   */
  breakAfterCommits(count: number): void;
  /** How many COMMITs `breakAfterCommits` has broken so far. */
  readonly commitsBroken: number;
  close(): Promise<void>;
}

/** A COMMIT as node-postgres sends it: a simple Query message ('Q', its length, the text and a NUL). */
const COMMIT = Buffer.from('Q\0\0\0\x0bCOMMIT\0', 'latin1');

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let toBreak = 0;
  let broken = 0;
  const relay = (client: Socket) => {
    const upstream = createConnection(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      if (toBreak === 0 || !chunk.includes(COMMIT)) {
        if (!upstream.write(chunk)) client.pause();
        return;
      }
      toBreak--;
      broken++;
      // The server reads the COMMIT before the end of the stream, so it commits; the client never hears of it.
      upstream.unpipe(client);
      upstream.end(chunk);
      client.destroy();
    });
    upstream.on('drain', () => client.resume());
    upstream.pipe(client);
    client.on('close', () => upstream.end());
    upstream.on('close', () => client.destroy());
  };
  let server: Server = createServer(relay);
  const listen = (port: number) =>
    new Promise<number>((done, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => done((server.address() as { port: number }).port));
    });
  const port = await listen(0);
  const stop = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((done) => server.close(() => done()));
  };
  return {
    port,
    down: stop,
    up: async () => {
      server = createServer(relay);
      await listen(port);
    },
    breakAfterCommits: (count) => {
      toBreak = count;
    },
    get commitsBroken() {
      return broken;
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
