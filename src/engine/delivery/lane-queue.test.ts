// LaneQueue: a transfer picked before the queue was reordered goes back unsent; a claim a failed commit may have
// made is handed back before it is read again.
import { describe, expect, it } from 'vitest';
import type { DueTransfer } from '../../core/ports/delivery-storage.js';
import { LaneQueue } from './lane-queue.js';

const due = (seq: number): DueTransfer => ({
  seq,
  trackingId: `t-${seq}`,
  subscriptionId: 's',
  messageId: `m-${seq}`,
  payloadJson: '{}',
  attempts: 0,
  nextAttemptAt: 0,
  debug: false,
});
const any = () => true;

describe('LaneQueue.unpick', () => {
  it('frees a transfer read from the queue, so the next read hands it out again, and drops the buffer', () => {
    const q = new LaneQueue();
    q.refill([due(1), due(2)]);
    const picked = q.next(any);
    expect(picked?.seq).toBe(1);
    expect(q.unpick(picked!)).toEqual([]);
    expect(q.bufferEmpty).toBe(true);
    expect(q.refill([due(1), due(2)])).toBe(true);
    expect(q.next(any)?.seq).toBe(1);
  });

  it('returns a transfer claimed ahead, to be handed back, and never hands it out from the reserve again', () => {
    const q = new LaneQueue();
    q.refill([due(1), due(2)]);
    const ahead = q.takeAhead(2);
    q.claimedAhead(ahead, new Set([1, 2]));
    const picked = q.next(any);
    expect(picked?.seq).toBe(1);
    expect(q.unpick(picked!)).toEqual([picked]);
    expect(q.next(any)?.seq).toBe(2);
    expect(q.next(any)).toBeUndefined();
  });
});

describe('LaneQueue.handBackUnsure', () => {
  it('hands back a claim a failed commit may have made, and reads it again only once that hand-back commits', () => {
    const q = new LaneQueue();
    q.refill([due(1), due(2)]);
    const ahead = q.takeAhead(2);
    q.claimedAhead(ahead, new Set());
    q.handBackUnsure([1, 2]);
    expect(q.refill([due(1), due(2), due(3)])).toBe(true);
    expect(q.next(any)?.seq).toBe(3);
    const release = q.takeReleasing();
    expect(release).toEqual([1, 2]);
    q.notReleased(release);
    q.refill([due(1), due(2)]);
    expect(q.bufferEmpty).toBe(true);
    const again = q.takeReleasing();
    expect(again).toEqual([1, 2]);
    q.released(again);
    q.refill([due(1), due(2)]);
    expect(q.next(any)?.seq).toBe(1);
  });
});
