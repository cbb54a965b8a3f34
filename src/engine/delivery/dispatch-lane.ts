// One subscription's delivery loop: take due transfers, wait at the gate, claim, send, record the outcome.
import type { Clock } from '../../core/clock.js';
import { isFerryError, OAuthError } from '../../core/errors.js';
import { ipaasErrorText } from '../../core/delivery/moveworks.js';
import type { DeliveryObserver } from '../../core/ports/delivery-observer.js';
import type { DueTransfer, TransferResult } from '../../core/ports/delivery-storage.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';
import type { SendJournal } from '../../core/ports/send-journal.js';
import type { Storage } from '../../core/ports/storage.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { CommitBatcher } from './commit-batcher.js';
import { applyOutcome } from './delivery-outcome.js';
import type { LeaseKeeper } from './lease-keeper.js';
import type { SubscriptionRuntimes } from './subscription-runtime.js';

export interface LaneDeps {
  readonly storage: Storage;
  readonly runtimes: SubscriptionRuntimes;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly markAuthFailed: (id: string, detail: string) => Promise<void>;
  readonly journal: SendJournal;
  /** The dispatcher's lease: every claim and attempt end is made under it. */
  readonly leases: Pick<LeaseKeeper, 'lease' | 'held'>;
  /** Counts outcomes for /metrics and the console; optional so tests and tools can leave it out. */
  readonly observer?: DeliveryObserver | undefined;
}

const BATCH = 256;
const MAX_IDLE_MS = 60_000;
/** How long a lane waits to read the queue again after the database failed to answer. */
const QUEUE_RETRY_MS = 1_000;
/**
 * At most this many transfers claimed ahead of a free slot, so one commit claims many (a whole `due` read). The
 * send journal tells them apart from sent ones after a crash (back to the queue, not unconfirmed).
 */
const AHEAD = BATCH;
/**
 * An attempt's end waits at most this long for a commit, or until this many wait (see CommitBatcher): a busy lane
 * records about 20 ms of answers at a time. Per transfer, SQLite time (claim, end, activity line, commits) was
 * 21.5 µs at 32 answers and 64 claims a commit, 16.7 µs at 256 and 256; ten paired bench rounds against 5 ms/32
 * and 64 ahead gave +8% end to end (median). A crash leaves at most this many answered attempts unrecorded.
 */
const RECORDING = { delayMs: 20, maxResults: 256 };

export class Lane {
  private buffer: DueTransfer[] = [];
  /** Transfers taken from the buffer and not yet recorded: a refill must not hand them out again. */
  private readonly taken = new Set<number>();
  private readonly partsInFlight = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Claimed ahead (sending, attempt counted) and not sent yet, in queue order. */
  private reserved: DueTransfer[] = [];
  /** Their seqs, and those of the ones taken from `reserved` that wait at the gate: their claim is made. */
  private readonly reservedSeqs = new Set<number>();
  /** Claimed ahead and no longer wanted (stop, refused credentials): handed back in the next commit. */
  private releasing: number[] = [];
  private readonly commits = new CommitBatcher((results, claims) => this.commit(results, claims), RECORDING);
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
   * the buffer and the reserve are kept, and the queue is read again once they run dry. Otherwise (replay, Manual
   * Sync priorities, changed settings) the reserve is handed back and the queue read again at once, so work put
   * first is sent first.
   */
  wake(appended = false): void {
    if (!appended) {
      this.buffer = [];
      void this.releaseReserved();
    }
    this.wakeUp?.();
  }

  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((done) => (timer = setTimeout(done, graceMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
    void this.releaseReserved();
    await this.commits.flush();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.sub.health !== 'ok') {
        void this.releaseReserved();
        await this.sleep(MAX_IDLE_MS);
        continue;
      }
      let transfer: DueTransfer | undefined;
      try {
        transfer = await this.next();
      } catch (err) {
        // The database did not answer (a PostgreSQL server restarting): read again shortly rather than end the loop.
        this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'could not read the queue');
        await this.sleep(QUEUE_RETRY_MS);
        continue;
      }
      if (transfer === undefined) continue;
      const runtime = this.deps.runtimes.get(this.sub);
      // The token first, outside any slot: a token request then never waits behind sends holding every slot.
      await runtime.client.token().catch(() => undefined);
      const release = await runtime.gate.acquire();
      if (release === undefined || this.stopped || this.sub.health !== 'ok') {
        release?.();
        if (this.reservedSeqs.has(transfer.seq)) this.reserved.unshift(transfer);
        else this.taken.delete(transfer.seq);
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
  private async next(): Promise<DueTransfer | undefined> {
    const limit = this.sub.concurrentBatchExecutions;
    const eligible = (t: DueTransfer) => (this.partsInFlight.get(t.messageId) ?? 0) < limit;
    const r = this.reserved.findIndex(eligible);
    if (r >= 0) return this.reserved.splice(r, 1)[0];
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
    const i = this.buffer.findIndex(eligible);
    if (i < 0) {
      await this.sleep(MAX_IDLE_MS);
      return undefined;
    }
    const [transfer] = this.buffer.splice(i, 1);
    if (transfer) this.taken.add(transfer.seq);
    return transfer;
  }

  private async deliver(transfer: DueTransfer, release: () => void): Promise<void> {
    const { clock } = this.deps;
    const sub = this.sub;
    const runtime = this.deps.runtimes.get(sub);
    const started = clock.now();
    // Not claimed (taken by another process meanwhile, or the commit failed): nothing was sent, nothing to record.
    const claimed =
      this.reservedSeqs.delete(transfer.seq) ||
      (await this.commits.claim(transfer.seq).catch((err: unknown) => {
        this.log.error({ err: String(err), trackingId: transfer.trackingId }, 'could not claim a transfer');
        return false;
      }));
    if (!claimed) {
      release();
      this.taken.delete(transfer.seq);
      return;
    }
    if (!this.deps.leases.held()) {
      // Renewals failed for a while: another dispatcher may take this transfer over, so it is not sent here.
      this.log.warn({ trackingId: transfer.trackingId }, 'lease not renewed; transfer handed back unsent');
      release();
      void this.handBack([transfer]);
      return;
    }
    let outcome: SendOutcome;
    try {
      await this.deps.journal.sent(transfer.seq, transfer.attempts + 1);
    } catch (err) {
      // Not sent: the transfer goes back to the queue.
      this.log.error(
        { err: String(err), trackingId: transfer.trackingId },
        'could not write the send journal',
      );
      release();
      void this.handBack([transfer]);
      return;
    }
    try {
      outcome = await runtime.client.send(
        JSON.parse(transfer.payloadJson ?? 'null') as unknown,
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
    this.deps.observer?.attempt(sub.id, effect.result.attempt.outcome, effect.result.attempt.durationMs);
    if (effect.pauseUntil !== undefined) runtime.gate.pause(effect.pauseUntil);
    if (effect.authFailed !== undefined && this.sub.health === 'ok') {
      this.sub = { ...this.sub, health: 'auth_failed', healthDetail: effect.authFailed };
      this.log.error({ error: effect.authFailed }, 'Moveworks refused the credentials; delivery stopped');
      await this.deps.markAuthFailed(sub.id, effect.authFailed);
    }
    if (transfer.debug)
      this.log.info({ trackingId: transfer.trackingId, outcome: outcome.kind }, 'debug: outcome');
    await this.commits.record(effect.result);
    this.taken.delete(transfer.seq);
  }

  /**
   * One transaction: the attempt ends and claims the batcher collected, the transfers handed back, and (when the
   * reserve runs low) more transfers claimed ahead, as many as the throttle would admit now.
   */
  private async commit(results: readonly TransferResult[], claims: readonly number[]): Promise<Set<number>> {
    const ahead = this.takeAhead();
    const release = this.releasing;
    this.releasing = [];
    if (results.length + claims.length + ahead.length + release.length === 0) return new Set();
    const at = new Date(this.deps.clock.now()).toISOString();
    const seqs = ahead.length === 0 ? claims : [...claims, ...ahead.map((t) => t.seq)];
    let claimed: Set<number>;
    try {
      const lease = this.deps.leases.lease();
      claimed = await this.deps.storage.delivery.commit({
        finished: results,
        claim: seqs,
        at,
        release,
        lease,
      });
    } catch (err) {
      for (const t of ahead) this.taken.delete(t.seq);
      throw err;
    }
    this.deps.journal.settled(results.map((r) => r.seq));
    for (const t of ahead)
      if (claimed.has(t.seq)) {
        this.reserved.push(t);
        this.reservedSeqs.add(t.seq);
      } else this.taken.delete(t.seq);
    if (results.length > 0 || ahead.length > 0) this.wakeUp?.();
    return claimed;
  }

  /** Transfers from the front of the buffer to claim ahead: none while the reserve is still half full. */
  private takeAhead(): DueTransfer[] {
    if (this.stopped || this.sub.health !== 'ok' || this.reserved.length >= AHEAD / 2) return [];
    const room = Math.min(AHEAD - this.reserved.length, this.deps.runtimes.get(this.sub).gate.headroom());
    const ahead = this.buffer.splice(0, Math.max(0, room));
    for (const t of ahead) this.taken.add(t.seq);
    return ahead;
  }

  /** Hands every transfer claimed ahead back to the queue. */
  private releaseReserved(): Promise<void> {
    const reserved = this.reserved;
    this.reserved = [];
    return this.handBack(reserved);
  }

  /**
   * Hands claimed transfers that were not sent back to the queue, in a commit on the next turn. If that commit
   * fails they stay `sending` until a restart, whose recovery queues them again (the journal never saw them sent).
   */
  private handBack(transfers: readonly DueTransfer[]): Promise<void> {
    if (transfers.length === 0) return Promise.resolve();
    for (const t of transfers) {
      this.reservedSeqs.delete(t.seq);
      this.taken.delete(t.seq);
      this.releasing.push(t.seq);
    }
    return this.commits.flush().catch((err: unknown) => {
      this.log.error({ err: String(err) }, 'could not hand back claimed transfers');
    });
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
