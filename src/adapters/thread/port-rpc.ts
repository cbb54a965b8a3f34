// Calls both ways over a worker_threads port: each side serves named handlers and calls the other side's.
import { FerryError, isFerryError, type ErrorCode } from '../../core/errors.js';

/** What both a Worker (main side) and `parentPort` (thread side) offer. */
export interface RpcPort {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
}

// Handlers take whatever the other side sends; each one checks nothing more than a direct call would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RpcHandlers = Record<string, (...args: any[]) => unknown>;

interface WireError {
  readonly message: string;
  readonly code?: string;
  readonly details?: Record<string, unknown>;
}

type Wire =
  | { readonly rpc: 'call'; readonly id: number; readonly method: string; readonly args: unknown[] }
  | { readonly rpc: 'cast'; readonly method: string; readonly args: unknown[] }
  | { readonly rpc: 'result'; readonly id: number; readonly value: unknown }
  | { readonly rpc: 'error'; readonly id: number; readonly error: WireError };

const isWire = (value: unknown): value is Wire =>
  typeof value === 'object' && value !== null && 'rpc' in value;

/** A FerryError keeps its code and details across the port (not its subclass); anything else its message. */
function toWire(err: unknown): WireError {
  if (isFerryError(err))
    return { message: err.message, code: err.code, ...(err.details ? { details: { ...err.details } } : {}) };
  return { message: err instanceof Error ? err.message : String(err) };
}

function fromWire(error: WireError): Error {
  if (error.code === undefined) return new Error(error.message);
  return new FerryError(error.code as ErrorCode, error.message, {
    ...(error.details ? { details: error.details } : {}),
  });
}

export class PortRpc {
  private next = 0;
  private readonly waiting = new Map<number, { ok: (value: unknown) => void; fail: (err: Error) => void }>();
  private closedBy: Error | undefined;

  constructor(
    private readonly port: RpcPort,
    private readonly handlers: RpcHandlers,
  ) {
    port.on('message', (value) => {
      if (isWire(value)) this.receive(value);
    });
  }

  /** Calls the other side's handler and resolves its result (or rejects with its error). */
  call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.closedBy) return Promise.reject(this.closedBy);
    const id = this.next++;
    return new Promise<T>((ok, fail) => {
      this.waiting.set(id, { ok: ok as (value: unknown) => void, fail });
      this.port.postMessage({ rpc: 'call', id, method, args } satisfies Wire);
    });
  }

  /** Calls the other side's handler without waiting for it. */
  cast(method: string, ...args: unknown[]): void {
    if (!this.closedBy) this.port.postMessage({ rpc: 'cast', method, args } satisfies Wire);
  }

  /** The other side is gone: every call waiting, and every later one, rejects with `reason`. */
  close(reason: Error): void {
    this.closedBy = reason;
    for (const { fail } of this.waiting.values()) fail(reason);
    this.waiting.clear();
  }

  private receive(message: Wire): void {
    if (message.rpc === 'result' || message.rpc === 'error') {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.rpc === 'result') waiter?.ok(message.value);
      else waiter?.fail(fromWire(message.error));
      return;
    }
    const handler = this.handlers[message.method];
    // A handler that throws, synchronously or not, answers with its error.
    const done = new Promise<unknown>((settle) => {
      if (handler === undefined) throw new Error(`no handler for "${message.method}"`);
      settle(handler(...message.args));
    });
    if (message.rpc === 'cast') {
      done.catch(() => undefined);
      return;
    }
    const { id } = message;
    done.then(
      (value) => this.port.postMessage({ rpc: 'result', id, value } satisfies Wire),
      (err: unknown) => this.port.postMessage({ rpc: 'error', id, error: toWire(err) } satisfies Wire),
    );
  }
}
