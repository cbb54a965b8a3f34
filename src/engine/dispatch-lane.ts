// One subscription's delivery loop: take due transfers, wait at the gate, claim, send, record the outcome.
import type { Clock } from '../core/clock.js';
import { isFerryError, OAuthError } from '../core/errors.js';
import { ipaasErrorText, type MoveworksPayload } from '../core/moveworks.js';
import type { StoredTransfer, TransferResult } from '../core/ports/delivery-storage.js';
import type { Logger } from '../core/ports/logger.js';
import type { SendOutcome } from '../core/ports/moveworks.js';
import type { Storage } from '../core/ports/storage.js';
import type { Subscription } from '../core/subscription.js';
import { applyOutcome } from './delivery-outcome.js';
import type { SubscriptionRuntimes } from './subscription-runtime.js';

export interface LaneDeps {
  readonly storage: Storage;
  readonly runtimes: SubscriptionRuntimes;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly markAuthFailed: (id: string, detail: string) => Promise<void>;
}

const BATCH = 256;
const MAX_IDLE_MS = 60_000;

export class Lane {
  private buffer: StoredTransfer[] = [];
  /** Transfers taken from the buffer and not yet recorded: a refill must not hand them out again. */
  private readonly taken = new Set<number>();
  private readonly partsInFlight = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private pending: { results: TransferResult[]; seqs: number[]; done: Promise<Set<number>> } | undefined;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private readonly log: Logger;

  constructor(
    private sub: Subscription,
    private readonly deps: LaneDeps,
  ) {
    this.log = deps.logger.child({ subscription: sub.id });
  }

  start(): void {
    void this.run().catch((err: unknown) => {
      this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'delivery loop stopped');
    });
  }

  update(sub: Subscription): void {
    this.sub = sub;
    this.deps.runtimes.apply(sub);
    this.wake();
  }

  /**
   * New work may be due. `appended`: only new Messages were queued, which sort after what the buffer holds, so
   * the buffer is kept and read again once it runs dry. Otherwise (replay, Manual Sync priorities, changed
   * settings) the queue is read again at once.
   */
  wake(appended = false): void {
    if (!appended) this.buffer = [];
    this.wakeUp?.();
  }

  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((done) => (timer = setTimeout(done, graceMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
    await this.flush();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.sub.health !== 'ok') {
        await this.sleep(MAX_IDLE_MS);
        continue;
      }
      const transfer = await this.next();
      if (transfer === undefined) continue;
      const runtime = this.deps.runtimes.get(this.sub);
      // The token first, outside any slot: a token request then never waits behind sends holding every slot.
      await runtime.client.token().catch(() => undefined);
      const release = await runtime.gate.acquire();
      if (release === undefined || this.stopped || this.sub.health !== 'ok') {
        release?.();
        this.taken.delete(transfer.seq);
        continue;
      }
      const parts = this.partsInFlight.get(transfer.messageId) ?? 0;
      this.partsInFlight.set(transfer.messageId, parts + 1);
      const job = this.deliver(transfer, release)
        // Recording failed (the database refused the commit): the transfer stays `sending`, and a restart
        // settles it as after a crash.
        .catch((err: unknown) => this.log.error({ err: String(err) }, 'could not record a delivery outcome'))
        .finally(() => {
          this.inFlight.delete(job);
          const left = (this.partsInFlight.get(transfer.messageId) ?? 1) - 1;
          if (left > 0) this.partsInFlight.set(transfer.messageId, left);
          else this.partsInFlight.delete(transfer.messageId);
          this.wakeUp?.();
        });
      this.inFlight.add(job);
    }
  }

  /** The next due transfer, honouring Concurrent Batch Executions; undefined after a sleep. */
  private async next(): Promise<StoredTransfer | undefined> {
    if (this.buffer.length === 0) {
      const now = this.deps.clock.now();
      const due = await this.deps.storage.delivery.due(this.sub.id, now, BATCH);
      this.buffer = due.filter((t) => !this.taken.has(t.seq));
      if (this.buffer.length === 0) {
        const at =
          this.inFlight.size > 0 ? undefined : await this.deps.storage.delivery.nextDueAt(this.sub.id);
        await this.sleep(at === undefined ? MAX_IDLE_MS : Math.max(1, at - now));
        return undefined;
      }
    }
    const limit = this.sub.concurrentBatchExecutions;
    const i = this.buffer.findIndex((t) => (this.partsInFlight.get(t.messageId) ?? 0) < limit);
    if (i < 0) {
      await this.sleep(MAX_IDLE_MS);
      return undefined;
    }
    const [transfer] = this.buffer.splice(i, 1);
    if (transfer) this.taken.add(transfer.seq);
    return transfer;
  }

  private async deliver(transfer: StoredTransfer, release: () => void): Promise<void> {
    const { clock } = this.deps;
    const sub = this.sub;
    const runtime = this.deps.runtimes.get(sub);
    const started = clock.now();
    // Not claimed (taken by another process meanwhile, or the commit failed): nothing was sent, nothing to record.
    const claimed = await this.claim(transfer.seq).catch((err: unknown) => {
      this.log.error({ err: String(err), trackingId: transfer.trackingId }, 'could not claim a transfer');
      return false;
    });
    if (!claimed) {
      release();
      this.taken.delete(transfer.seq);
      return;
    }
    let outcome: SendOutcome;
    try {
      outcome = await runtime.client.send(
        JSON.parse(transfer.payloadJson ?? 'null') as MoveworksPayload,
        runtime.slotted(release, transfer.debug),
      );
    } catch (err) {
      outcome = thrownOutcome(err);
      if (!(err instanceof OAuthError)) this.log.error({ err: String(err) }, 'unexpected delivery error');
    } finally {
      release();
    }
    const effect = applyOutcome(
      { ...transfer, attempts: transfer.attempts + 1 },
      sub,
      outcome,
      started,
      clock.now(),
    );
    if (effect.pauseUntil !== undefined) runtime.gate.pause(effect.pauseUntil);
    if (effect.authFailed !== undefined && this.sub.health === 'ok') {
      this.sub = { ...this.sub, health: 'auth_failed', healthDetail: effect.authFailed };
      this.log.error({ error: effect.authFailed }, 'Moveworks refused the credentials; delivery stopped');
      await this.deps.markAuthFailed(sub.id, effect.authFailed);
    }
    if (transfer.debug)
      this.log.info({ trackingId: transfer.trackingId, outcome: outcome.kind }, 'debug: outcome');
    await this.flush(effect.result);
    this.taken.delete(transfer.seq);
  }

  /**
   * Claims a transfer in the transaction of this turn of the event loop: every claim and every finished attempt
   * of the turn share one commit. The request is sent only after it, so `sending` is durable before anything
   * goes out.
   */
  private claim(seq: number): Promise<boolean> {
    const batch = this.batch();
    batch.seqs.push(seq);
    return batch.done.then((claimed) => claimed.has(seq));
  }

  /** Records an attempt's end in the transaction of this turn (none: waits for whatever is pending). */
  private flush(result?: TransferResult): Promise<void> {
    const batch = this.batch();
    if (result !== undefined) batch.results.push(result);
    return batch.done.then(() => undefined);
  }

  private batch(): { results: TransferResult[]; seqs: number[]; done: Promise<Set<number>> } {
    this.pending ??= { results: [], seqs: [], done: this.commitSoon() };
    return this.pending;
  }

  private async commitSoon(): Promise<Set<number>> {
    await new Promise<void>((next) => setImmediate(next));
    const batch = this.pending;
    this.pending = undefined;
    if (batch === undefined || (batch.results.length === 0 && batch.seqs.length === 0)) return new Set();
    const at = new Date(this.deps.clock.now()).toISOString();
    const claimed = await this.deps.storage.delivery.commit(batch.results, batch.seqs, at);
    if (batch.results.length > 0) this.wakeUp?.();
    return claimed;
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((done) => {
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        done();
      }
      this.wakeUp = finish;
    });
  }
}

/** A send that threw: refused credentials stop the subscription; anything else may have been sent. */
function thrownOutcome(err: unknown): SendOutcome {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof OAuthError) {
    const status = typeof err.details?.status === 'number' ? err.details.status : undefined;
    return { kind: 'unauthorized', errorText: ipaasErrorText(message, status) };
  }
  const reason = isFerryError(err) ? `${err.code}: ${message}` : message;
  return { kind: 'unconfirmed', reason, errorText: ipaasErrorText(`unexpected error: ${reason}`) };
}
