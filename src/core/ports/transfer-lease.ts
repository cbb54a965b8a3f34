// The lease contract of the delivery store: who holds a claimed transfer, until when, and who may take it over.
import type { SentAttempt } from './send-journal.js';

/**
 * A claim's holder and term. Every claim (queued → sending) records its owner and lease; the owner renews the
 * lease (DeliveryStore.renew) well before `until` for as long as it holds the transfer, and only the owner may
 * record the transfer's outcome or hand it back. A transfer whose lease has lapsed is taken over by a recovery
 * (RecoveryScope `lapsedBefore`), which is what makes several dispatchers on one database safe: one that
 * stops renewing (killed, partitioned, stalled) loses its transfers, and the others settle them.
 *
 * A lease is only as good as the clocks that compare it: keep it long against the skew between dispatchers
 * (Ferry uses 30 s, renewed every 10 s). An owner that could not renew must not start a send on a lapsed lease.
 */
export interface Lease {
  /** The claiming dispatcher's id: unique per dispatcher run, never reused after a restart. */
  readonly owner: string;
  /** When the claim lapses unless renewed, ms since the epoch. */
  readonly until: number;
}

/**
 * Which in-flight (`sending`) transfers a recovery takes. A taken transfer may or may not have reached Moveworks,
 * except when the send journal (`sent`) proves its current attempt never went out: then it goes back to the queue
 * with that attempt undone. Of the others, those of at-least-once subscriptions go back to the queue, and the rest
 * become `unconfirmed` with an activity line.
 */
export type RecoveryScope =
  | {
      /**
       * While running: transfers of owners other than `self` whose lease ended before `lapsedBefore`. No journal
       * applies: another owner's journal is not ours to read, so every one taken may have been sent.
       */
      readonly lapsedBefore: number;
      readonly self: string;
    }
  | {
      /**
       * At start-up, when something outside storage proves no other owner is alive (SQLite: the data-directory
       * lock): every transfer in flight, whoever holds it and whatever its lease.
       */
      readonly soleOwner: true;
      /**
       * The send journal of the previous run (SendJournal.previous), which held every claim taken here; undefined
       * when none was kept, and every claimed transfer may then have been sent.
       */
      readonly sent?: readonly SentAttempt[] | undefined;
    };
