// Conformance of the delivery store (part of the storage suite): claims under leases, hand-backs and recovery.
import { describe, expect, it } from 'vitest';
import type { CommitTurn, StoredAttempt, TransferResult } from '../../src/core/ports/delivery-storage.js';
import type { Lease } from '../../src/core/ports/transfer-lease.js';
import { freshStorageEach, type StorageHarness } from './fresh-storage.js';

const AT = '2026-01-01T00:00:00.000Z';
const A: Lease = { owner: 'owner-a', until: 1_000 };
const B: Lease = { owner: 'owner-b', until: 1_000 };
const SOLE = { soleOwner: true } as const;

/** A subscription row for the delivery tests, with no settings. */
const subscription = (id = 'sub') => ({
  id,
  name: `Moveworks - ${id}`,
  settingsJson: '{}',
  health: 'ok' as const,
  healthDetail: null,
  createdAt: AT,
  updatedAt: AT,
});

/** Message `m-n` of subscription `sub`, with one queued transfer `t-n`. */
const queuedMessage = (n: number, sub = 'sub') => ({
  id: `m-${n}`,
  bodyJson: '{}',
  receivedAt: AT,
  transfers: [
    {
      trackingId: `t-${n}`,
      subscriptionId: sub,
      messageId: `m-${n}`,
      part: 1,
      parts: 1,
      payloadJson: '{}',
      status: 'queued' as const,
      errorCode: null,
      errorText: null,
      priority: 0,
      debug: false,
      receivedAtMs: 0,
    },
  ],
});

/** Transfer `t-n` (seq `seq`) delivered on attempt 1. */
const delivered = (seq: number, n: number): TransferResult => {
  const attempt: StoredAttempt = {
    trackingId: `t-${n}`,
    subscriptionId: 'sub',
    messageId: `m-${n}`,
    attempt: 1,
    outcome: 'delivered',
    httpStatus: 200,
    durationMs: 3,
    errorText: null,
    at: AT,
  };
  return {
    seq,
    status: 'delivered',
    attemptsDelta: 0,
    nextAttemptAt: 0,
    httpStatus: 200,
    errorCode: null,
    errorText: null,
    deliveredAtMs: 1,
    attempt,
  };
};

const turn = (lease: Lease, t: Partial<CommitTurn>): CommitTurn => ({
  finished: [],
  claim: [],
  at: AT,
  lease,
  ...t,
});

export function describeDeliveryStorageConformance(backend: string, harness: StorageHarness): void {
  describe(`delivery storage conformance: ${backend}`, () => {
    const { storage: s } = freshStorageEach(harness);
    /** Ingests `count` queued transfers of `sub` and resolves their seqs in queue order. */
    const queue = async (count: number): Promise<number[]> => {
      await s.subscriptions.insert(subscription());
      await s.delivery.ingest(Array.from({ length: count }, (_, i) => queuedMessage(i + 1)));
      const seqs = (await s.delivery.due('sub', 1, 100)).map((t) => t.seq);
      expect(seqs).toHaveLength(count);
      return seqs;
    };
    const status = async (n: number) => (await s.delivery.getTransfer(`t-${n}`))?.status;

    it('claims a queued transfer once, and records no outcome for one a recovery settled meanwhile', async () => {
      const [seq = 0] = await queue(1);
      expect(await s.delivery.commit(turn(A, { claim: [seq, seq] }))).toEqual(new Set([seq]));
      expect(await s.delivery.commit(turn(A, { claim: [seq] }))).toEqual(new Set());
      expect(await s.delivery.commit(turn(B, { claim: [seq] }))).toEqual(new Set());
      expect(await s.delivery.recoverInterrupted(SOLE, [], 'interrupted', AT)).toBe(1);
      await s.delivery.commit(turn(A, { finished: [delivered(seq, 1)] }));
      expect(await status(1)).toBe('unconfirmed');
      const lines = await s.delivery.attempts({ subscriptionId: 'sub' }, 10);
      expect(lines.map((l) => l.outcome)).toEqual(['unconfirmed']);
    });

    it('hands back transfers claimed ahead, and after a crash requeues the claimed ones the journal never saw sent', async () => {
      const seqs = await queue(4);
      const [one = 0, two = 0, , four = 0] = seqs;
      expect(await s.delivery.commit(turn(A, { claim: seqs }))).toEqual(new Set(seqs));

      // Released: back in the queue with the claimed attempt undone; a second release changes nothing.
      await s.delivery.commit(turn(A, { release: [four] }));
      await s.delivery.commit(turn(A, { release: [four] }));
      expect(await s.delivery.getTransfer('t-4')).toMatchObject({ status: 'queued', attempts: 0 });

      // The journal saw `one` sent on attempt 1 and `two` on an earlier attempt only: `two` and `three` never went
      // out on the attempt they hold, so they go back to the queue; `one` may have reached Moveworks.
      const sent = [
        { seq: one, attempt: 1 },
        { seq: two, attempt: 0 },
      ];
      expect(await s.delivery.recoverInterrupted({ soleOwner: true, sent }, [], 'interrupted', AT)).toBe(3);
      expect(await s.delivery.getTransfer('t-1')).toMatchObject({ status: 'unconfirmed', attempts: 1 });
      expect(await s.delivery.getTransfer('t-2')).toMatchObject({ status: 'queued', attempts: 0 });
      expect(await s.delivery.getTransfer('t-3')).toMatchObject({ status: 'queued', attempts: 0 });
      const lines = await s.delivery.attempts({ subscriptionId: 'sub' }, 10);
      expect(lines.map((l) => [l.trackingId, l.outcome])).toEqual([['t-1', 'unconfirmed']]);
    });

    it('lets only the owner of a claim record its outcome or hand it back', async () => {
      const [one = 0, two = 0] = await queue(2);
      await s.delivery.commit(turn(A, { claim: [one, two] }));
      await s.delivery.commit(turn(B, { finished: [delivered(one, 1)], release: [two] }));
      expect(await s.delivery.getTransfer('t-1')).toMatchObject({ status: 'sending', attempts: 1 });
      expect(await s.delivery.getTransfer('t-2')).toMatchObject({ status: 'sending', attempts: 1 });
      expect(await s.delivery.attempts({ subscriptionId: 'sub' }, 10)).toEqual([]);
      await s.delivery.commit(turn(A, { finished: [delivered(one, 1)], release: [two] }));
      expect(await status(1)).toBe('delivered');
      expect(await s.delivery.getTransfer('t-2')).toMatchObject({ status: 'queued', attempts: 0 });
    });

    it('sweeps only other owners’ lapsed leases, and renewing keeps a lease alive', async () => {
      const [one = 0, two = 0] = await queue(2);
      await s.delivery.commit(turn(A, { claim: [one] }));
      await s.delivery.commit(turn(B, { claim: [two] }));
      // Not lapsed yet (both run until 1000), and never one's own.
      expect(await s.delivery.recoverInterrupted({ lapsedBefore: 999, self: 'c' }, [], 'x', AT)).toBe(0);
      expect(await s.delivery.recoverInterrupted({ lapsedBefore: 5_000, self: 'owner-a' }, [], 'x', AT)).toBe(
        1,
      );
      expect(await status(1)).toBe('sending');
      expect(await status(2)).toBe('unconfirmed');

      // A renews to 9000: a sweep at 5000 by anyone leaves it; at 9001 it is taken.
      expect(await s.delivery.renew({ owner: 'owner-a', until: 9_000 })).toBe(1);
      expect(await s.delivery.renew({ owner: 'owner-b', until: 9_000 })).toBe(0);
      expect(await s.delivery.recoverInterrupted({ lapsedBefore: 5_000, self: 'owner-b' }, [], 'x', AT)).toBe(
        0,
      );
      expect(await s.delivery.recoverInterrupted({ lapsedBefore: 9_001, self: 'owner-b' }, [], 'x', AT)).toBe(
        1,
      );
      expect(await status(1)).toBe('unconfirmed');
      const lines = await s.delivery.attempts({ subscriptionId: 'sub' }, 10);
      expect(lines.map((l) => [l.trackingId, l.outcome, l.errorText])).toEqual([
        ['t-1', 'unconfirmed', 'x'],
        ['t-2', 'unconfirmed', 'x'],
      ]);
    });

    it('requeues an at-least-once subscription’s lapsed claim; the new owner delivers it and the old one cannot', async () => {
      const [seq = 0] = await queue(1);
      await s.delivery.commit(turn(A, { claim: [seq] }));
      expect(
        await s.delivery.recoverInterrupted({ lapsedBefore: 2_000, self: 'owner-b' }, ['sub'], 'x', AT),
      ).toBe(1);
      expect(await s.delivery.getTransfer('t-1')).toMatchObject({ status: 'queued', attempts: 1 });
      expect(await s.delivery.commit(turn(B, { claim: [seq] }))).toEqual(new Set([seq]));
      // The old owner wakes up late: its outcome and hand-back change nothing, and it cannot renew B's lease.
      await s.delivery.commit(turn(A, { finished: [delivered(seq, 1)], release: [seq] }));
      expect(await s.delivery.renew({ owner: 'owner-a', until: 50_000 })).toBe(0);
      expect(await s.delivery.getTransfer('t-1')).toMatchObject({ status: 'sending', attempts: 2 });
      expect(await s.delivery.recoverInterrupted({ lapsedBefore: 1_001, self: 'owner-a' }, [], 'x', AT)).toBe(
        1,
      );
    });

    it('as sole owner settles every claim in flight, whatever its owner and lease', async () => {
      const [one = 0, two = 0] = await queue(2);
      await s.delivery.commit(turn({ owner: 'owner-a', until: 1e15 }, { claim: [one] }));
      await s.delivery.commit(turn({ owner: 'owner-b', until: 1e15 }, { claim: [two] }));
      expect(await s.delivery.recoverInterrupted(SOLE, [], 'x', AT)).toBe(2);
      expect([await status(1), await status(2)]).toEqual(['unconfirmed', 'unconfirmed']);
      // Settled claims hold no lease: a later renewal by either owner finds nothing.
      expect(await s.delivery.renew({ owner: 'owner-a', until: 2e15 })).toBe(0);
    });
  });
}
