// The in-process coordination: one lock holder at a time, a memo that expires on the injected clock.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { CallGate } from './call-gate.js';
import { InProcessCoordination } from './in-process-coordination.js';

describe('InProcessCoordination', () => {
  it('runs the work of one key one at a time, in order, whatever an earlier one came to', async () => {
    const c = new InProcessCoordination(new ManualClock());
    const order: string[] = [];
    let holders = 0;
    const work =
      (name: string, fail = false) =>
      async () => {
        holders++;
        expect(holders).toBe(1);
        await new Promise((r) => setTimeout(r, 5));
        order.push(name);
        holders--;
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      c.exclusive('k', work('a')),
      c.exclusive('k', work('b', true)),
      c.exclusive('k', work('c')),
    ]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('recalls a remembered value until its lifetime has passed on the clock', async () => {
    const clock = new ManualClock();
    const c = new InProcessCoordination(clock);
    await c.remember('t', 'v', 1_000);
    clock.advance(400);
    expect(await c.recall('t')).toEqual({ value: 'v', ttlMs: 600 });
    clock.advance(600);
    expect(await c.recall('t')).toBeUndefined();
  });

  it('counts a CallGate slot given back unused for nothing in the throttle window, a used one for the window', async () => {
    const gate = new InProcessCoordination(new ManualClock()).gate('w', {
      limit: 1,
      windowMs: 1_000,
      concurrency: 5,
    });
    const unused = await gate.acquire();
    expect(gate.headroom()).toBe(0);
    unused?.('unused');
    expect(gate.headroom()).toBe(1);
    const used = await gate.acquire();
    used?.();
    expect(gate.headroom()).toBe(0);
  });

  it('keeps one CallGate per key until it is forgotten, which admits its waiters', async () => {
    const c = new InProcessCoordination(new ManualClock());
    const limits = { limit: undefined, windowMs: 1_000, concurrency: 1 };
    const gate = c.gate('s', limits);
    expect(gate).toBeInstanceOf(CallGate);
    expect(c.gate('s', limits)).toBe(gate);
    const held = await gate.acquire();
    const waiting = gate.acquire();
    c.forget('s');
    expect(await waiting).toBeUndefined();
    held?.();
    expect(c.gate('s', limits)).not.toBe(gate);
  });
});
