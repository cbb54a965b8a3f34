// The storage port for delivery: subscriptions, messages, transfers (the outbox) and their attempts.
import type { NamedStore } from './named-store.js';
import type { Lease, RecoveryScope } from './transfer-lease.js';

export type SubscriptionHealth = 'ok' | 'auth_failed';

/** A subscription as stored: `settingsJson` has its secret fields sealed by the Sealer. */
export interface StoredSubscription {
  readonly id: string;
  readonly name: string;
  readonly settingsJson: string;
  readonly health: SubscriptionHealth;
  readonly healthDetail: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Subscriptions by id, or else by exact name; deleting one also deletes its transfers and activity. */
export interface SubscriptionStore extends NamedStore<StoredSubscription> {
  /** Records whether the subscription can authenticate; does not count as a settings change. */
  setHealth(id: string, health: SubscriptionHealth, detail: string | null): Promise<void>;
}

export const TRANSFER_STATUSES = [
  'queued',
  'sending',
  'delivered',
  'failed',
  'unconfirmed',
  'skipped',
  'dismissed',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

/** A transfer to create: one request's worth of a Message for one subscription (parts split >500 recipients). */
export interface NewTransfer {
  readonly trackingId: string;
  readonly subscriptionId: string;
  readonly messageId: string;
  readonly part: number;
  readonly parts: number;
  /** The Moveworks payload as JSON; null when mapping failed or skipped it. */
  readonly payloadJson: string | null;
  readonly status: 'queued' | 'failed' | 'skipped';
  readonly errorCode: string | null;
  readonly errorText: string | null;
  /** Higher first; Manual Sync with debug uses 1. */
  readonly priority: number;
  readonly debug: boolean;
  /** When the message was accepted, ms since the epoch (for latency figures). */
  readonly receivedAtMs: number;
}

export interface StoredTransfer extends Omit<NewTransfer, 'status'> {
  readonly seq: number;
  readonly status: TransferStatus;
  /** Attempts made in the current cycle (a replay starts a new cycle). */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly httpStatus: number | null;
  readonly deliveredAtMs: number | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * What delivery reads of a due transfer: only what sending and recording need, since reading every column of
 * every transfer it sends cost as much again as the rest of its read.
 */
export type DueTransfer = Pick<
  StoredTransfer,
  | 'seq'
  | 'trackingId'
  | 'subscriptionId'
  | 'messageId'
  | 'payloadJson'
  | 'attempts'
  | 'nextAttemptAt'
  | 'debug'
>;

export type AttemptOutcome =
  'delivered' | 'failed' | 'retrying' | 'unconfirmed' | 'rate_limited' | 'unauthorized' | 'skipped';

/** One line of the activity log. */
export interface StoredAttempt {
  readonly trackingId: string;
  readonly subscriptionId: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  readonly httpStatus: number | null;
  readonly durationMs: number;
  readonly errorText: string | null;
  readonly at: string;
}

/** The end of one attempt: the transfer's new state and its activity line, written together. */
export interface TransferResult {
  readonly seq: number;
  readonly status: TransferStatus;
  /** Added to the attempt count; -1 undoes the claim's count when the attempt does not count (a 429). */
  readonly attemptsDelta: number;
  readonly nextAttemptAt: number;
  readonly httpStatus: number | null;
  readonly errorCode: string | null;
  readonly errorText: string | null;
  readonly deliveredAtMs: number | null;
  readonly attempt: StoredAttempt;
}

/** What one dispatcher turn writes (see DeliveryStore.commit). */
export interface CommitTurn {
  readonly finished: readonly TransferResult[];
  readonly claim: readonly number[];
  readonly release?: readonly number[];
  /** The time of the turn, for `updated_at`. */
  readonly at: string;
  readonly lease: Lease;
}

export interface TransferFilter {
  readonly subscriptionId?: string | undefined;
  readonly statuses?: readonly TransferStatus[] | undefined;
  readonly messageId?: string | undefined;
  readonly trackingIds?: readonly string[] | undefined;
}

export interface MessageIngest {
  readonly id: string;
  readonly bodyJson: string;
  readonly receivedAt: string;
  readonly transfers: readonly NewTransfer[];
}

export interface IngestResult {
  readonly id: string;
  /** The Id was already stored: nothing was written. */
  readonly duplicate: boolean;
}

export interface StoredMessage {
  readonly id: string;
  readonly bodyJson: string;
  readonly receivedAt: string;
}

export interface DeliveryStore {
  /** Stores each message with its transfers, all in one transaction; a known Id writes nothing. */
  ingest(items: readonly MessageIngest[]): Promise<IngestResult[]>;
  /** Adds transfers whose (subscription, message, part) does not exist yet; resolves how many were added. */
  addTransfers(transfers: readonly NewTransfer[]): Promise<number>;
  getMessages(ids: readonly string[]): Promise<StoredMessage[]>;
  /** Queued transfers of a subscription due at `now`: priority first, then due time, then arrival. */
  due(subscriptionId: string, now: number, limit: number): Promise<DueTransfer[]>;
  /** The earliest next-attempt time of a queued transfer of the subscription. */
  nextDueAt(subscriptionId: string): Promise<number | undefined>;
  /**
   * One transaction for a dispatcher turn, under `turn.lease` (see Lease): records the attempt ends in `finished`
   * (transfer state and activity line; one no longer `sending` under this owner, taken meanwhile by a recovery,
   * is left as it is and gets no line), claims each of `claim` for this owner until `lease.until` (queued →
   * sending, one more attempt, only if still queued) and hands back each of `release` (sending → queued, the
   * claimed attempt undone: claimed ahead and never sent; only this owner's). Resolves the seqs of `claim` this
   * caller got; the others were taken by someone else.
   */
  commit(turn: CommitTurn): Promise<Set<number>>;
  /** Extends the lease of every transfer this owner holds to `lease.until`; resolves how many it holds. */
  renew(lease: Lease): Promise<number>;
  /**
   * Settles the transfers in flight that `scope` takes (see RecoveryScope): back to the queue when the journal
   * proves the attempt never went out or the subscription is in `requeue` (at-least-once), otherwise unconfirmed
   * with `errorText`. Resolves the count.
   */
  recoverInterrupted(
    scope: RecoveryScope,
    requeue: readonly string[],
    errorText: string,
    at: string,
  ): Promise<number>;
  listTransfers(filter: TransferFilter, limit: number, beforeSeq?: number): Promise<StoredTransfer[]>;
  getTransfer(trackingId: string): Promise<StoredTransfer | undefined>;
  attempts(
    filter: TransferFilter & { readonly errorsOnly?: boolean },
    limit: number,
    beforeId?: number,
  ): Promise<(StoredAttempt & { readonly id: number })[]>;
  /** Moves matching failed, unconfirmed or dismissed transfers back to the queue; resolves the count. */
  requeue(filter: TransferFilter, now: number, priority: number, debug: boolean, at: string): Promise<number>;
  /** Marks matching failed or unconfirmed transfers dismissed; resolves the count. */
  dismiss(filter: TransferFilter, at: string): Promise<number>;
  /** Transfers per status, for one subscription or all. */
  countByStatus(subscriptionId?: string): Promise<Partial<Record<TransferStatus, number>>>;
}

/** A mapping collection as stored: the definition (rows, filters, lookups, status) as JSON. */
export interface StoredCollection {
  readonly id: string;
  readonly subscriptionId: string;
  readonly name: string;
  readonly sortOrder: number;
  readonly definitionJson: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CollectionStore {
  /** Inserts; resolves false when the subscription already has a collection of that name. */
  insert(row: StoredCollection): Promise<boolean>;
  /** A subscription's collections by sort order, then name. */
  list(subscriptionId: string): Promise<StoredCollection[]>;
  /** By id, or else by exact name, within the subscription. */
  get(subscriptionId: string, idOrName: string): Promise<StoredCollection | undefined>;
  /** Resolves false when it does not exist or the new name is taken. */
  update(row: StoredCollection): Promise<boolean>;
  delete(subscriptionId: string, id: string): Promise<boolean>;
}
