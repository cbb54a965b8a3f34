// JournalAhead: one line per claimed attempt, written ahead once, handed to the send; failures reach the send.
import { describe, expect, it } from 'vitest';
import type { DueTransfer } from '../../core/ports/delivery-storage.js';
import type { SendJournal, SentAttempt } from '../../core/ports/send-journal.js';
import { JournalAhead } from './journal-ahead.js';

/** A journal whose syncs end when the test says so. */
class HeldJournal implements SendJournal {
  readonly lines: SentAttempt[] = [];
  private readonly syncs: { done: () => void; fail: (err: Error) => void }[] = [];

  previous(): undefined {
    return undefined;
  }
  begin(): void {}
  sent(seq: number, attempt: number): Promise<void> {
    this.lines.push({ seq, attempt });
    return new Promise((done, fail) => this.syncs.push({ done, fail }));
  }
  settled(): void {}
  close(): void {}
  syncAll(): void {
    for (const s of this.syncs.splice(0)) s.done();
  }
  failAll(err: Error): void {
    for (const s of this.syncs.splice(0)) s.fail(err);
  }
}

const transfer = (seq: number, attempts = 0): DueTransfer => ({
  seq,
  trackingId: `t-${seq}`,
  subscriptionId: 's',
  messageId: `m-${seq}`,
  payloadJson: '{}',
  attempts,
  nextAttemptAt: 0,
  debug: false,
});

const state = (p: Promise<void>) =>
  Promise.race([
    p.then(
      () => 'synced',
      () => 'failed',
    ),
    new Promise((r) => setImmediate(() => r('pending'))),
  ]);

describe('JournalAhead', () => {
  it('writes one line per attempt ahead, and the send waits for that line, not a second one', async () => {
    const journal = new HeldJournal();
    const ahead = new JournalAhead(journal);
    ahead.ahead([transfer(1), transfer(2, 3)]);
    ahead.ahead([transfer(2, 3), transfer(3), transfer(4), transfer(5)]);
    expect(journal.lines).toEqual([
      { seq: 1, attempt: 1 },
      { seq: 2, attempt: 4 },
      { seq: 3, attempt: 1 },
      { seq: 4, attempt: 1 },
      { seq: 5, attempt: 1 },
    ]);
    const line = ahead.line(transfer(2, 3));
    expect(await state(line)).toBe('pending');
    journal.syncAll();
    expect(await state(line)).toBe('synced');
    expect(journal.lines).toHaveLength(5);
  });

  it('tops the window up in groups: once three quarters of it, or the next transfer, lacks a line', () => {
    const journal = new HeldJournal();
    const ahead = new JournalAhead(journal);
    const window = (from: number) => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => transfer(from + i));
    const seqs = () => journal.lines.map((l) => l.seq);
    ahead.ahead(window(1));
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // Sliding by one send at a time: 1 of 8 lacks a line, then 2 of 8 … nothing is written until 6 of 8 do.
    for (let sent = 1; sent <= 5; sent++) {
      void ahead.line(transfer(sent));
      ahead.ahead(window(sent + 1));
      expect(journal.lines).toHaveLength(8);
    }
    void ahead.line(transfer(6));
    ahead.ahead(window(7));
    expect(seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    // The next transfer without a line (handed back, forgotten) is written at once, with the rest missing.
    ahead.forget([transfer(7)]);
    void ahead.line(transfer(8));
    ahead.ahead([transfer(7), ...window(9).slice(0, 7)]);
    expect(seqs().slice(14)).toEqual([7, 15]);
  });

  it('writes the line at send time for a transfer that had none, and again after it was handed back', async () => {
    const journal = new HeldJournal();
    const ahead = new JournalAhead(journal);
    ahead.ahead([transfer(7)]);
    ahead.forget([transfer(7)]);
    const line = ahead.line(transfer(7));
    expect(journal.lines).toEqual([
      { seq: 7, attempt: 1 },
      { seq: 7, attempt: 1 },
    ]);
    journal.syncAll();
    expect(await state(line)).toBe('synced');
  });

  it('hands a failed sync to the send, so the attempt is not sent, and no rejection goes unhandled', async () => {
    const journal = new HeldJournal();
    const ahead = new JournalAhead(journal);
    ahead.ahead([transfer(1), transfer(2)]);
    journal.failAll(new Error('disk full'));
    await new Promise((r) => setImmediate(r));
    await expect(ahead.line(transfer(1))).rejects.toThrow('disk full');
    ahead.forget([transfer(2)]);
  });
});
