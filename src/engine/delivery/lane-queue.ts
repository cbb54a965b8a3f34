// What a lane holds of its subscription's queue: due transfers read ahead, those handed out, those claimed ahead.
import type { DueTransfer } from '../../core/ports/delivery-storage.js';

/**
 * A transfer is in at most one place: the buffer (read, not claimed), handed out (`taken`: sending or waiting at
 * the gate, until recorded), or the reserve (claimed ahead in a commit, not sent yet). Claims are made in
 * storage; this only keeps the lane from handing one transfer out twice.
 */
export class LaneQueue {
  private buffer: DueTransfer[] = [];
  /** Transfers handed out and not yet recorded: a refill must not hand them out again. */
  private readonly taken = new Set<number>();
  /** Claimed ahead (sending, attempt counted) and not sent yet, in queue order. */
  private reserved: DueTransfer[] = [];
  /** Their seqs, and those of the ones taken from `reserved` that wait at the gate: their claim is made. */
  private readonly reservedSeqs = new Set<number>();
  /** Claimed ahead and no longer wanted (stop, refused credentials): handed back in the next commit. */
  private releasing: number[] = [];
  /**
   * Claims a failed commit may or may not have made (PostgreSQL's connection broke during COMMIT): handed back
   * too, and never read from the queue before that hand-back commits, or it would undo a claim made since.
   */
  private readonly unsure = new Set<number>();

  get bufferEmpty(): boolean {
    return this.buffer.length === 0;
  }

  get reserveSize(): number {
    return this.reserved.length;
  }

  /** Forgets what was read ahead (not what was claimed), so the queue is read again in its current order. */
  dropBuffer(): void {
    this.buffer = [];
  }

  /** Keeps the due transfers not handed out already; false when none is left. */
  refill(due: readonly DueTransfer[]): boolean {
    this.buffer = due.filter((t) => !this.taken.has(t.seq) && !this.unsure.has(t.seq));
    return this.buffer.length > 0;
  }

  /** The first eligible transfer: from the reserve (claimed already), else from the buffer. */
  next(eligible: (t: DueTransfer) => boolean): DueTransfer | undefined {
    const r = this.reserved.findIndex(eligible);
    if (r >= 0) return this.reserved.splice(r, 1)[0];
    const i = this.buffer.findIndex(eligible);
    if (i < 0) return undefined;
    const [transfer] = this.buffer.splice(i, 1);
    if (transfer) this.taken.add(transfer.seq);
    return transfer;
  }

  /** A transfer the gate did not admit: back to the front of the reserve, or free to be read again. */
  putBack(t: DueTransfer): void {
    if (this.reservedSeqs.has(t.seq)) this.reserved.unshift(t);
    else this.taken.delete(t.seq);
  }

  /** Up to `n` claimed transfers sent next: `taken` if its claim was made ahead, then the front of the reserve. */
  claimedNext(taken: DueTransfer, n: number): DueTransfer[] {
    if (n <= 0) return [];
    const front = this.reserved.slice(0, n);
    return this.reservedSeqs.has(taken.seq) ? [taken, ...front.slice(0, n - 1)] : front;
  }

  /**
   * A transfer picked before the queue was reordered, not sent: the buffer is read again, and the transfer is
   * free again, or (claimed ahead) returned to be handed back.
   */
  unpick(t: DueTransfer): DueTransfer[] {
    this.dropBuffer();
    if (this.reservedSeqs.has(t.seq)) return [t];
    this.taken.delete(t.seq);
    return [];
  }

  /** True when the transfer's claim was made ahead: it needs none now. */
  useClaim(seq: number): boolean {
    return this.reservedSeqs.delete(seq);
  }

  /** The transfer's attempt is over (recorded, or never claimed). */
  done(seq: number): void {
    this.taken.delete(seq);
  }

  /** Up to `room` transfers from the front of the buffer, handed out to be claimed ahead. */
  takeAhead(room: number): DueTransfer[] {
    const ahead = this.buffer.splice(0, Math.max(0, room));
    for (const t of ahead) this.taken.add(t.seq);
    return ahead;
  }

  /** The commit that tried to claim `ahead` ended: the ones got go to the reserve, the others are free again. */
  claimedAhead(ahead: readonly DueTransfer[], claimed: ReadonlySet<number>): void {
    for (const t of ahead)
      if (claimed.has(t.seq)) {
        this.reserved.push(t);
        this.reservedSeqs.add(t.seq);
      } else this.taken.delete(t.seq);
  }

  /** Every transfer of the reserve, taken out of it (to be handed back). */
  drainReserve(): DueTransfer[] {
    const reserved = this.reserved;
    this.reserved = [];
    return reserved;
  }

  /** Claimed transfers that were not sent, to hand back in the next commit. */
  handBack(transfers: readonly DueTransfer[]): void {
    for (const t of transfers) {
      this.reservedSeqs.delete(t.seq);
      this.taken.delete(t.seq);
      this.releasing.push(t.seq);
    }
  }

  /** Claims whose commit failed, made or not: handed back in the next commit (see `unsure`). */
  handBackUnsure(seqs: readonly number[]): void {
    for (const seq of seqs) {
      this.unsure.add(seq);
      this.releasing.push(seq);
    }
  }

  /** The seqs to hand back in this commit. */
  takeReleasing(): number[] {
    const release = this.releasing;
    this.releasing = [];
    return release;
  }

  /** The commit that handed `seqs` back committed: they may be read again. */
  released(seqs: readonly number[]): void {
    for (const seq of seqs) this.unsure.delete(seq);
  }

  /** The commit that handed `seqs` back failed: they go in the next one. */
  notReleased(seqs: readonly number[]): void {
    this.releasing.push(...seqs);
  }
}
