// A lane's send-journal lines, written ahead for the claimed transfers it sends next, so no send waits for a sync.
import type { DueTransfer } from '../../core/ports/delivery-storage.js';
import type { SendJournal } from '../../core/ports/send-journal.js';
import { JOURNAL_TOP_UP } from './lane-tuning.js';

/**
 * A send may go out only once its journal line is synced. Written when the slot opens, that sync (a group
 * write and fdatasync, off the event loop) sat between every answer and the next request of a slot: with ten
 * Concurrent Connections it cost about a third of delivery's rate. Lines written ahead, for the few claimed
 * transfers next in the reserve, are synced while the slots are busy.
 *
 * The cost is in what a crash leaves: a transfer whose line was written and that was not sent yet is settled as
 * unconfirmed (it may have been sent) instead of queued again. At most `journalAhead` per lane, and none while
 * the gate is paused or its throttle window is used up. Nothing is ever sent without its line.
 */
export class JournalAhead {
  private readonly lines = new Map<number, Promise<void>>();

  constructor(private readonly journal: SendJournal) {}

  /**
   * Starts the lines of these claimed transfers (the next to be sent, in order) that have none yet, once
   * JOURNAL_TOP_UP of them or the first lack one: the window slides by one transfer a send, and topping it up each
   * time synced one or two lines at a time. In groups, one fdatasync covers most of the window while the rest,
   * synced already, keeps the slots sending; a failure shows at `line`.
   */
  ahead(transfers: readonly DueTransfer[]): void {
    // Counted, not filtered: this runs once a send, over up to 64 transfers.
    let missing = 0;
    for (const t of transfers) if (!this.lines.has(t.seq)) missing++;
    const first = transfers[0];
    if (missing === 0 || (missing < transfers.length * JOURNAL_TOP_UP && first && this.lines.has(first.seq)))
      return;
    for (const t of transfers) {
      if (this.lines.has(t.seq)) continue;
      const line = this.journal.sent(t.seq, t.attempts + 1);
      line.catch(() => undefined);
      this.lines.set(t.seq, line);
    }
  }

  /** Resolves once the line of this transfer's next attempt is synced: the one written ahead, or a new one. */
  line(t: DueTransfer): Promise<void> {
    const ahead = this.lines.get(t.seq);
    if (ahead === undefined) return this.journal.sent(t.seq, t.attempts + 1);
    this.lines.delete(t.seq);
    return ahead;
  }

  /** Undefined once the line is synced, so the attempt may go out; else why it must not. */
  refusal(t: DueTransfer): Promise<string | undefined> {
    return this.line(t).then(
      () => undefined,
      (err: unknown) => `could not write the send journal: ${String(err)}`,
    );
  }

  /** These transfers go back to the queue unsent: a later claim writes its own line. */
  forget(transfers: readonly DueTransfer[]): void {
    for (const t of transfers) this.lines.delete(t.seq);
  }
}
