// GateLine: the subscription's gate, then the process's cap; at most AT_GATE waiting; one release frees both.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { Release } from '../../core/ports/coordination.js';
import { CallGate } from './call-gate.js';
import { GateLine } from './gate-line.js';
import { AT_GATE } from './lane-tuning.js';

const settle = () => new Promise((r) => setImmediate(r));
const gateOf = (concurrency: number, clock = new ManualClock()) =>
  new CallGate({ limit: undefined, windowMs: 1_000, concurrency }, clock);

describe('GateLine', () => {
  it('admits no more than the process cap across two subscriptions, and the next once one releases', async () => {
    const processGate = gateOf(3);
    const a = new GateLine(processGate);
    const b = new GateLine(processGate);
    const [subA, subB] = [gateOf(10), gateOf(10)];
    const admitted: Release[] = [];
    const pending = [a, a, b, b, b].map((line, i) =>
      line.admit(i < 2 ? subA : subB).then((release) => {
        if (release) admitted.push(release);
        return release;
      }),
    );
    await settle();
    expect(admitted).toHaveLength(3);
    admitted[0]!();
    admitted[0]!(); // a second call of one release frees nothing more
    await settle();
    expect(admitted).toHaveLength(4);
    for (const release of admitted) release();
    await Promise.all(pending);
    expect(admitted).toHaveLength(5);
  });

  it('keeps the subscription slot counted until the process admits the send, and frees it with the release', async () => {
    const processGate = gateOf(1);
    const sub = gateOf(5);
    const line = new GateLine(processGate);
    const first = await line.admit(sub);
    const second = line.admit(sub);
    await settle();
    // One slot sends, one waits for the process with its subscription slot held: 3 of 5 are left.
    const held = await Promise.all([sub.acquire(), sub.acquire(), sub.acquire()]);
    let sixth = false;
    void sub.acquire().then(() => (sixth = true));
    await settle();
    expect(sixth).toBe(false);
    first!();
    (await second)!();
    await settle();
    expect(sixth).toBe(true);
    for (const release of held) release?.();
  });

  it('lets AT_GATE transfers wait at once and opens room when one is admitted', async () => {
    const sub = gateOf(1);
    const line = new GateLine(undefined);
    const sending = await line.admit(sub);
    const waits = Array.from({ length: AT_GATE }, () => line.admit(sub));
    let room = false;
    void line.room(() => false).then(() => (room = true));
    await settle();
    expect(room).toBe(false);
    sending!();
    expect(await waits[0]).toBeTypeOf('function');
    await settle();
    expect(room).toBe(true);
    sub.close();
    expect(await Promise.all(waits.slice(1))).toEqual(Array(AT_GATE - 1).fill(undefined));
  });

  it('gives the subscription slot back when the process gate is closed', async () => {
    const processGate = gateOf(1);
    processGate.close();
    const sub = gateOf(1);
    expect(await new GateLine(processGate).admit(sub)).toBeUndefined();
    expect(await sub.acquire()).toBeTypeOf('function');
  });
});
