// Calls across a real MessageChannel: results, errors (FerryError codes kept), casts, unknown methods, closing.
import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { FerryError, isFerryError } from '../../core/errors.js';
import { PortRpc, type RpcHandlers } from './port-rpc.js';

const channels: MessageChannel[] = [];

function pair(left: RpcHandlers, right: RpcHandlers): { a: PortRpc; b: PortRpc } {
  const channel = new MessageChannel();
  channels.push(channel);
  return { a: new PortRpc(channel.port1, left), b: new PortRpc(channel.port2, right) };
}

afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

describe('PortRpc', () => {
  it("answers a call with the other side's result, synchronous or not, both ways", async () => {
    const { a, b } = pair(
      { twice: (n: number) => n * 2 },
      { join: async (parts: string[]) => Promise.resolve(parts.join('-')) },
    );
    expect(await a.call<string>('join', ['x', 'y'])).toBe('x-y');
    expect(await b.call<number>('twice', 21)).toBe(42);
  });

  it('rejects with a FerryError that keeps its code and details, and with a plain Error otherwise', async () => {
    const { a } = pair(
      {},
      {
        refuse: () => {
          throw new FerryError('ERR_SUBSCRIPTION_NOT_FOUND', 'no such subscription', {
            details: { id: 's1' },
          });
        },
        fail: () => Promise.reject(new TypeError('boom')),
      },
    );
    const refused = await a.call('refuse').catch((err: unknown) => err);
    expect(isFerryError(refused) && refused.code).toBe('ERR_SUBSCRIPTION_NOT_FOUND');
    expect((refused as FerryError).details).toEqual({ id: 's1' });
    expect((refused as Error).message).toBe('no such subscription');
    const failed = await a.call('fail').catch((err: unknown) => err);
    expect(isFerryError(failed)).toBe(false);
    expect((failed as Error).message).toBe('boom');
  });

  it('names a method the other side does not serve', async () => {
    const { a } = pair({}, {});
    await expect(a.call('missing')).rejects.toThrow('no handler for "missing"');
  });

  it('runs a cast without answering it, even when its handler fails', async () => {
    const seen: string[] = [];
    const { a } = pair(
      {},
      {
        note: (text: string) => void seen.push(text),
        broken: () => {
          throw new Error('ignored');
        },
      },
    );
    a.cast('broken');
    a.cast('note', 'hello');
    await expect.poll(() => seen).toEqual(['hello']);
  });

  it('after close, rejects the calls waiting and every later one with the reason, and drops casts', async () => {
    const { a } = pair({}, { never: () => new Promise(() => undefined) });
    const waiting = a.call('never');
    const reason = new Error('the dispatch thread ended (exit code 1)');
    a.close(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(a.call('never')).rejects.toBe(reason);
    expect(() => a.cast('never')).not.toThrow();
  });
});
