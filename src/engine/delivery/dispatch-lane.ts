// One subscription's delivery loop: take due transfers, wait at the gate, claim, send, record the outcome.
import { isoTime } from '../../core/clock.js';
import { OAuthError } from '../../core/errors.js';
import type { DueTransfer, TransferResult } from '../../core/ports/delivery-storage.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import type { Release } from '../../core/ports/coordination.js';
import { CommitBatcher } from './commit-batcher.js';
import { applyOutcome, thrownOutcome } from './delivery-outcome.js';
import { GateLine } from './gate-line.js';
import { Idle } from './idle.js';
import type { SubscriptionRuntime } from './subscription-runtime.js';
import { JournalAhead } from './journal-ahead.js';
import type { LaneDeps } from './lane-deps.js';
import { LaneInFlight } from './lane-in-flight.js';
import { LaneQueue } from './lane-queue.js';
import { AHEAD, BATCH, journalAhead, MAX_IDLE_MS, QUEUE_RETRY_MS, RECORDING } from './lane-tuning.js';

/** Why a claimed transfer goes back unsent while the lease renewals fail (another dispatcher may take it over). */
const LEASE_LOST = 'the lease on claimed transfers could not be renewed';

export class Lane {
  private readonly queue = new LaneQueue();
  private readonly inFlight = new LaneInFlight();
  private readonly commits = new CommitBatcher((results, claims) => this.commit(results, claims), RECORDING);
  private stopped = false;
  /** Counts the wakes that reorder the queue, so a transfer picked before one is not sent ahead of its work. */
  private reorders = 0;
  private readonly idle = new Idle();
  private readonly line: GateLine;
  private readonly journal: JournalAhead;
  private readonly log: Logger;
  /** Attempt ends a failed commit may not have written: written again with the next commit (see `failed`). */
  private readonly unrecorded: TransferResult[] = [];
  /** The commit that follows a failed one, when no other comes first. */
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private sub: Subscription,
    private readonly deps: LaneDeps,
  ) {
    this.log = deps.logger.child({ subscription: sub.id });
    this.line = new GateLine(deps.processGate);
    this.journal = new JournalAhead(deps.journal);
  }

  start(): void {
    void this.run().catch((err: unknown) => this.log.error({ err: String(err) }, 'delivery loop stopped'));
  }

  update(sub: Subscription): void {
    this.sub = sub;
    this.deps.runtimes.apply(sub);
    this.wake();
  }

  /**
   * New work may be due. `appended`: only new Messages were queued, which sort after what the buffer holds, so
   * the buffer and the reserve are kept until they run dry. Otherwise (replay, Manual Sync priorities, changed
   * settings) the reserve is handed back and the queue read again at once, so work put first is sent first.
   */
  wake(appended = false): void {
    if (!appended) {
      this.reorders++;
      this.queue.dropBuffer();
      void this.releaseReserved();
    }
    this.idle.wake();
  }

  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    this.idle.wake();
    this.line.wake();
    await this.inFlight.settled(graceMs);
    void this.releaseReserved();
    clearTimeout(this.retry);
    // What this last commit cannot write stays `sending`, its lease renewed while this process lives: the recovery
    // of the next start settles it.
    await this.commits.flush().catch((err: unknown) => {
      this.log.error({ err: String(err) }, 'could not write delivery state before stopping');
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.sub.health !== 'ok') {
        void this.releaseReserved();
        await this.sleep(MAX_IDLE_MS);
        continue;
      }
      const reorders = this.reorders;
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
      const ahead = journalAhead(this.sub.concurrentConnections, runtime.gate.headroom());
      this.journal.ahead(this.queue.claimedNext(transfer, ahead));
      // The token first, outside any slot: a token request then never waits behind sends holding every slot.
      await this.token(runtime);
      await this.line.room(() => this.stopped);
      // Work was put first meanwhile (Manual Sync, a replay): this transfer goes back and the queue is read again.
      if (this.reorders !== reorders) {
        void this.handBack(this.queue.unpick(transfer));
        continue;
      }
      const attempt = this.line
        .admit(runtime.gate)
        .then((release) => this.admitted(transfer, release))
        // Recording failed: the next commit writes the end again (see `failed`).
        .catch((err: unknown) => this.log.error({ err: String(err) }, 'could not record a delivery outcome'));
      this.inFlight.track(transfer.messageId, attempt, () => this.idle.wake());
    }
  }

  /** The gates answered a transfer waiting there: deliver it in its slot, or put it back (gate closed, stopped). */
  private admitted(transfer: DueTransfer, release: Release | undefined): Promise<void> | undefined {
    if (release !== undefined && !this.stopped && this.sub.health === 'ok')
      return this.deliver(transfer, release);
    release?.();
    this.queue.putBack(transfer);
    return undefined;
  }

  /** The next due transfer, honouring Concurrent Batch Executions; undefined after a sleep. */
  private async next(): Promise<DueTransfer | undefined> {
    const limit = this.sub.concurrentBatchExecutions;
    const eligible = (t: DueTransfer) => this.inFlight.parts(t.messageId) < limit;
    if (this.queue.bufferEmpty) {
      const reserved = this.queue.next(eligible);
      if (reserved !== undefined) return reserved;
      const now = this.deps.clock.now();
      if (!this.queue.refill(await this.deps.storage.delivery.due(this.sub.id, now, BATCH))) {
        const at =
          this.inFlight.size > 0 ? undefined : await this.deps.storage.delivery.nextDueAt(this.sub.id);
        await this.sleep(at === undefined ? MAX_IDLE_MS : Math.max(1, at - now));
        return undefined;
      }
    }
    const transfer = this.queue.next(eligible);
    if (transfer === undefined) await this.sleep(MAX_IDLE_MS);
    return transfer;
  }

  private async deliver(transfer: DueTransfer, release: () => void): Promise<void> {
    const { clock } = this.deps;
    const sub = this.sub;
    const runtime = this.deps.runtimes.get(sub);
    const started = clock.now();
    // Not claimed (taken by another process meanwhile, or the commit failed, when the next hands back whatever it
    // may have claimed): nothing was sent, nothing to record.
    const claimed =
      this.queue.useClaim(transfer.seq) ||
      (await this.commits.claim(transfer.seq).catch((err: unknown) => {
        this.log.error({ err: String(err), trackingId: transfer.trackingId }, 'could not claim a transfer');
        return false;
      }));
    if (!claimed) {
      release();
      this.queue.done(transfer.seq);
      return;
    }
    // Not while renewals fail (another dispatcher may take the transfer over), nor before its journal line is synced.
    const unsent = this.deps.leases.held() ? await this.journal.refusal(transfer) : LEASE_LOST;
    if (unsent !== undefined) {
      this.log.error({ err: unsent, trackingId: transfer.trackingId }, 'transfer handed back unsent');
      release();
      void this.handBack([transfer]);
      return;
    }
    // No waiting in the slot for a token another call fetches: that request may wait for this very slot (see
    // tokenPending). Nothing may be awaited between the last check and the send, or a refresh could start between.
    let slot: Release | undefined = release;
    while (slot !== undefined && runtime.client.tokenPending()) slot = await this.awaitToken(runtime, slot);
    if (slot === undefined) {
      void this.handBack([transfer]);
      return;
    }
    let outcome: SendOutcome;
    try {
      outcome = await runtime.client.send(
        JSON.parse(transfer.payloadJson ?? 'null') as unknown,
        runtime.slotted(slot, transfer.debug),
      );
    } catch (err) {
      outcome = thrownOutcome(err);
      if (!(err instanceof OAuthError)) this.log.error({ err: String(err) }, 'unexpected delivery error');
    } finally {
      slot();
    }
    const attempted = { ...transfer, attempts: transfer.attempts + 1 };
    const effect = applyOutcome(attempted, sub, outcome, started, clock.now());
    this.deps.observer?.attempt(sub.id, effect.result.attempt.outcome, effect.result.attempt.durationMs);
    if (effect.pauseUntil !== undefined) runtime.gate.pause(effect.pauseUntil);
    if (effect.authFailed !== undefined && this.sub.health === 'ok') {
      this.sub = { ...this.sub, health: 'auth_failed', healthDetail: effect.authFailed };
      this.log.error({ error: effect.authFailed }, 'Moveworks refused the credentials; delivery stopped');
      await this.deps.markAuthFailed(sub.id, effect.authFailed);
    }
    if (transfer.debug)
      this.log.info({ trackingId: transfer.trackingId, outcome: outcome.kind }, 'debug: outcome');
    // A failed commit leaves the end to the next one (see `failed`); the transfer is out of this lane's hands.
    await this.commits.record(effect.result).finally(() => this.queue.done(transfer.seq));
  }

  /**
   * Gives the slot up unused (no call counted in the throttle window) while another call fetches the token, waits
   * for that request (a failed one leaves the send to make its own and record what it came to), then waits at the
   * gates again. No slot when the gates closed or the lane stopped meanwhile: the transfer goes back to the queue.
   */
  private async awaitToken(runtime: SubscriptionRuntime, slot: Release): Promise<Release | undefined> {
    slot('unused');
    // Joins the request in flight: a token request of its own would only add a call. Whoever started it pauses
    // the gate and counts a 429 (this lane's `token`, or a send's outcome), so a failure is not counted again.
    await runtime.client.token().catch(() => undefined);
    const again = await this.line.admit(runtime.gate);
    if (again !== undefined && !this.stopped && this.sub.health === 'ok') return again;
    again?.();
    return undefined;
  }

  /**
   * Gets the token outside any slot. A failure is left to the send, which makes its own request and records what
   * it came to; a 429 pauses the gate for its Retry-After first, and is counted, as a send's is, so the sends
   * admitted meanwhile do not each meet the same 429.
   */
  private async token(runtime: SubscriptionRuntime): Promise<void> {
    const { clock, observer } = this.deps;
    const started = clock.now();
    try {
      await runtime.client.token();
    } catch (err) {
      const wait = err instanceof OAuthError ? err.details?.retryAfterMs : undefined;
      if (typeof wait !== 'number') return;
      runtime.gate.pause(clock.now() + wait);
      observer?.attempt(this.sub.id, 'rate_limited', clock.now() - started);
    }
  }

  /**
   * One transaction: the attempt ends and claims the batcher collected (and those a failed commit left uncertain),
   * the transfers handed back, and (when the reserve runs low) more transfers claimed ahead, as many as the
   * throttle would admit now.
   */
  private async commit(results: readonly TransferResult[], claims: readonly number[]): Promise<Set<number>> {
    const ahead = this.takeAhead();
    const release = this.queue.takeReleasing();
    const finished = this.unrecorded.length === 0 ? results : [...this.unrecorded.splice(0), ...results];
    if (finished.length + claims.length + ahead.length + release.length === 0) return new Set();
    const at = isoTime(this.deps.clock.now());
    const seqs = ahead.length === 0 ? claims : [...claims, ...ahead.map((t) => t.seq)];
    let claimed: Set<number>;
    try {
      const lease = this.deps.leases.lease();
      claimed = await this.deps.storage.delivery.commit({ finished, claim: seqs, at, release, lease });
    } catch (err) {
      this.failed(finished, release, seqs, ahead);
      throw err;
    }
    this.queue.released(release);
    this.deps.journal.settled(finished.map((r) => r.seq));
    this.queue.claimedAhead(ahead, claimed);
    if (finished.length > 0 || ahead.length > 0) this.idle.wake();
    return claimed;
  }

  /**
   * A commit failed: none of it took effect, or (PostgreSQL's connection broke during COMMIT) nobody knows. The
   * next commit, within QUEUE_RETRY_MS, makes each part certain: it writes the ends again (an end takes effect
   * only on a transfer this lane still holds), hands back again what this one handed back, and hands back every
   * claim this one may have made. Otherwise those transfers would stay `sending` under a lease the lane renews.
   */
  private failed(
    finished: readonly TransferResult[],
    release: readonly number[],
    claims: readonly number[],
    ahead: readonly DueTransfer[],
  ): void {
    this.queue.claimedAhead(ahead, new Set());
    this.unrecorded.push(...finished);
    this.queue.notReleased(release);
    this.queue.handBackUnsure(claims);
    if (this.retry !== undefined || this.stopped) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.commits.flush().catch((err: unknown) => {
        this.log.error({ err: String(err) }, 'could not write delivery state; trying again');
      });
    }, QUEUE_RETRY_MS);
    this.retry.unref();
  }

  /** Transfers from the front of the buffer to claim ahead: none while the reserve is still half full. */
  private takeAhead(): DueTransfer[] {
    if (this.stopped || this.sub.health !== 'ok' || this.queue.reserveSize >= AHEAD / 2) return [];
    const room = Math.min(AHEAD - this.queue.reserveSize, this.deps.runtimes.get(this.sub).gate.headroom());
    return this.queue.takeAhead(room);
  }

  /** Hands every transfer claimed ahead back to the queue. */
  private releaseReserved(): Promise<void> {
    return this.handBack(this.queue.drainReserve());
  }

  /**
   * Hands claimed transfers that were not sent back to the queue, in a commit on the next turn; if that commit
   * fails, in the one after (see `failed`).
   */
  private handBack(transfers: readonly DueTransfer[]): Promise<void> {
    if (transfers.length === 0) return Promise.resolve();
    this.journal.forget(transfers);
    this.queue.handBack(transfers);
    return this.commits.flush().catch((err: unknown) => {
      this.log.error({ err: String(err) }, 'could not hand back claimed transfers');
    });
  }

  private sleep(ms: number): Promise<void> {
    return this.stopped ? Promise.resolve() : this.idle.sleep(ms);
  }
}
