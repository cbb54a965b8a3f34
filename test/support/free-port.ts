// Ports for servers whose URL must be known before they start (redirect URIs, a child process's --port).
import { createServer } from 'node:net';

/** A port that was free a moment ago. Another test may bind it first: start through `onFreePort`. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/** The start failed because something else bound the port between `freePort` and the start. */
export const portTaken = (err: unknown): boolean =>
  err instanceof Error && /already in use|EADDRINUSE/.test(err.message);

/** Runs `start` on a free port, and on another one if the port was taken meanwhile (up to five tries). */
export async function onFreePort<T>(start: (port: number) => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await start(await freePort());
    } catch (err) {
      if (tries >= 5 || !portTaken(err)) throw err;
    }
  }
}
