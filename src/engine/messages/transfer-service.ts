// Transfers after the fact: the activity and error logs, replay, dismiss, and Manual Sync.
import { isoTime, type Clock } from '../../core/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Message } from '../../core/messages/message.js';
import type {
  StoredAttempt,
  StoredTransfer,
  TransferFilter,
  TransferStatus,
} from '../../core/ports/delivery-storage.js';
import type { Storage } from '../../core/ports/storage.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import type { TransferPlanner } from './message-service.js';

export const MAX_SYNC_IDS = 3_000;
/** The iPaaS.com error log's summary line for every failed send. */
export const ERROR_SUMMARY = 'Could not Post Message To Moveworks';

export interface SyncReport {
  readonly queued: string[];
  readonly alreadyQueued: string[];
  readonly alreadyDelivered: string[];
  readonly notFound: string[];
}

export interface TransferServiceDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly subscription: (idOrName: string) => Promise<Subscription>;
  /** A planner for one Manual Sync (see MessageService.planner). */
  readonly planner: () => TransferPlanner;
  /** Told which subscriptions got work to do; undefined: any of them. */
  readonly onQueued: (subscriptionIds?: readonly string[]) => void;
}

export class TransferService {
  constructor(private readonly deps: TransferServiceDeps) {}

  async list(filter: TransferFilter, limit: number, before?: number): Promise<StoredTransfer[]> {
    return this.deps.storage.delivery.listTransfers(await this.resolve(filter), limit, before);
  }

  async get(
    trackingId: string,
  ): Promise<{ transfer: StoredTransfer; attempts: (StoredAttempt & { id: number })[] }> {
    const transfer = await this.deps.storage.delivery.getTransfer(trackingId);
    if (!transfer)
      throw new NotFoundError('ERR_TRANSFER_NOT_FOUND', `transfer "${trackingId}" does not exist`);
    const attempts = await this.deps.storage.delivery.attempts({ trackingIds: [trackingId] }, 1_000);
    return { transfer, attempts: attempts.reverse() };
  }

  async activity(filter: TransferFilter & { errorsOnly?: boolean }, limit: number, before?: number) {
    const resolved = { ...(await this.resolve(filter)), errorsOnly: filter.errorsOnly ?? false };
    return this.deps.storage.delivery.attempts(resolved, limit, before);
  }

  /**
   * Queues failed, unconfirmed or dismissed transfers again, with a fresh retry budget. Naming a single
   * transfer that cannot be replayed (delivered, queued) is an error; a filter simply matches fewer.
   */
  async replay(filter: TransferFilter, debug = false): Promise<number> {
    const resolved = await this.resolve(filter);
    const at = this.deps.clock.now();
    const count = await this.deps.storage.delivery.requeue(resolved, at, debug ? 1 : 0, debug, isoTime(at));
    if (count === 0 && filter.trackingIds?.length === 1)
      await this.explainNotReplayable(filter.trackingIds[0] ?? '');
    this.deps.onQueued(resolved.subscriptionId === undefined ? undefined : [resolved.subscriptionId]);
    return count;
  }

  countByStatus(subscriptionId?: string): Promise<Partial<Record<TransferStatus, number>>> {
    return this.deps.storage.delivery.countByStatus(subscriptionId);
  }

  async dismiss(filter: TransferFilter): Promise<number> {
    const resolved = await this.resolve(filter);
    return this.deps.storage.delivery.dismiss(resolved, isoTime(this.deps.clock.now()));
  }

  /**
   * Manual Sync: up to 3,000 Message ids through one subscription. Messages it never saw get transfers; failed,
   * unconfirmed or dismissed ones are queued again; delivered ones are never sent twice. `debug` puts them first
   * in the queue and logs every request and response.
   */
  async manualSync(idOrName: string, ids: readonly string[], debug: boolean): Promise<SyncReport> {
    if (ids.length === 0 || ids.length > MAX_SYNC_IDS)
      throw new ValidationError(`give 1 to ${MAX_SYNC_IDS} message ids (got ${ids.length})`, [
        { path: 'ids', code: 'too_many', message: `must hold 1 to ${MAX_SYNC_IDS} ids` },
      ]);
    const sub = await this.deps.subscription(idOrName);
    const unique = [...new Set(ids)];
    const { delivery } = this.deps.storage;
    const messages = new Map((await delivery.getMessages(unique)).map((m) => [m.id, m]));
    const report = {
      queued: [] as string[],
      alreadyQueued: [] as string[],
      alreadyDelivered: [] as string[],
    };
    const notFound: string[] = [];
    const now = this.deps.clock.now();
    const plan = this.deps.planner();
    for (const id of unique) {
      const stored = messages.get(id);
      if (!stored) {
        notFound.push(id);
        continue;
      }
      const transfers = await delivery.listTransfers({ subscriptionId: sub.id, messageId: id }, 1_000);
      const state = syncState(transfers.map((t) => t.status));
      if (state === 'new') {
        const planned = await plan(JSON.parse(stored.bodyJson) as Message, sub, debug ? 1 : 0, debug);
        await delivery.addTransfers(planned);
        report.queued.push(id);
      } else if (state === 'retry') {
        const filter = { subscriptionId: sub.id, messageId: id };
        await delivery.requeue(filter, now, debug ? 1 : 0, debug, isoTime(now));
        report.queued.push(id);
      } else if (state === 'delivered') report.alreadyDelivered.push(id);
      else report.alreadyQueued.push(id);
    }
    this.deps.onQueued([sub.id]);
    return { ...report, notFound };
  }

  private async explainNotReplayable(trackingId: string): Promise<never> {
    const { transfer } = await this.get(trackingId);
    throw new ConflictError(
      'ERR_TRANSFER_NOT_REPLAYABLE',
      `transfer "${trackingId}" is ${transfer.status}; only failed, unconfirmed or dismissed transfers can be replayed`,
      { details: { status: transfer.status } },
    );
  }

  /** A subscription given by name becomes its id. */
  private async resolve<F extends TransferFilter>(filter: F): Promise<F> {
    if (filter.subscriptionId === undefined) return filter;
    return { ...filter, subscriptionId: (await this.deps.subscription(filter.subscriptionId)).id };
  }
}

/** What Manual Sync does with a message, from the statuses of its transfers on the subscription. */
function syncState(statuses: readonly TransferStatus[]): 'new' | 'retry' | 'delivered' | 'busy' {
  if (statuses.length === 0) return 'new';
  if (statuses.some((s) => s === 'queued' || s === 'sending')) return 'busy';
  if (statuses.some((s) => s === 'failed' || s === 'unconfirmed' || s === 'dismissed')) return 'retry';
  return 'delivered';
}
