// Groups a lane's database writes: claims commit on the next turn of the event loop, attempt ends within a delay.
import type { TransferResult } from '../../core/ports/delivery-storage.js';

/** Writes one batch in one transaction; resolves the claimed seqs it got. */
export type CommitBatch = (
  results: readonly TransferResult[],
  claims: readonly number[],
) => Promise<Set<number>>;

interface Batch {
  readonly results: TransferResult[];
  readonly claims: number[];
  urgent: boolean;
  timer?: NodeJS.Timeout;
  readonly start: () => void;
  readonly done: Promise<Set<number>>;
}

/**
 * A claim must be durable before its request goes out, so it commits on the next turn of the event loop, with
 * every other claim of that turn. Nothing waits on an attempt's end, so it waits up to `delayMs` for a commit
 * (the next claim's, or its own) unless `maxResults` are waiting: a busy lane records many attempts per
 * transaction, and a crash leaves few answered attempts unrecorded (they become unconfirmed).
 */
export class CommitBatcher {
  private pending: Batch | undefined;

  constructor(
    private readonly write: CommitBatch,
    private readonly limits: { readonly delayMs: number; readonly maxResults: number },
  ) {}

  /** Resolves whether this caller got the transfer. */
  claim(seq: number): Promise<boolean> {
    const batch = this.batch(true);
    batch.claims.push(seq);
    return batch.done.then((claimed) => claimed.has(seq));
  }

  /** Resolves once the attempt's end is committed. */
  record(result: TransferResult): Promise<void> {
    const batch = this.batch((this.pending?.results.length ?? 0) + 1 >= this.limits.maxResults);
    batch.results.push(result);
    return batch.done.then(() => undefined);
  }

  /** Commits on the next turn whatever is pending (and whatever `write` adds itself). */
  flush(): Promise<void> {
    return this.batch(true).done.then(() => undefined);
  }

  private batch(urgent: boolean): Batch {
    let batch = this.pending;
    if (batch === undefined) {
      let start = (): void => undefined;
      const started = new Promise<void>((go) => (start = go));
      const results: TransferResult[] = [];
      const claims: number[] = [];
      const done = started.then(() => {
        if (this.pending === batch) this.pending = undefined;
        return this.write(results, claims);
      });
      batch = { results, claims, urgent: false, start, done };
      this.pending = batch;
    }
    if (urgent && !batch.urgent) {
      batch.urgent = true;
      clearTimeout(batch.timer);
      setImmediate(batch.start);
    } else if (!batch.urgent && batch.timer === undefined)
      batch.timer = setTimeout(batch.start, this.limits.delayMs);
    return batch;
  }
}
