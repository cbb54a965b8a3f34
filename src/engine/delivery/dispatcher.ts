// The in-process dispatcher: one lane per enabled subscription, reading the SQLite outbox and delivering.
import { isoTime, type Clock } from '../../core/clock.js';
import { isFerryError } from '../../core/errors.js';
import type { DeliveryObserver } from '../../core/ports/delivery-observer.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SendJournal } from '../../core/ports/send-journal.js';
import type { Storage } from '../../core/ports/storage.js';
import type { RecoveryScope } from '../../core/ports/transfer-lease.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { CallGate } from './call-gate.js';
import { Lane } from './dispatch-lane.js';
import type { LaneDeps } from './lane-deps.js';
import { DEFAULT_LEASE_TIMING, LeaseKeeper, type LeaseTiming } from './lease-keeper.js';
import type { SubscriptionRuntimes } from './subscription-runtime.js';

export const INTERRUPTED_TEXT =
  'Error calling Moveworks CallWrapper.SendMessage: Ferry stopped while the request was in flight; it may have been delivered (Http Code: none)';

/** What the rest of Ferry tells delivery, wherever it runs (this thread or the dispatch thread). */
export interface DeliveryControl {
  start(): Promise<void>;
  /** New work for these subscriptions (or all); `appended`: only newly ingested Messages (see Lane.wake). */
  notify(subscriptionIds?: readonly string[], appended?: boolean): void;
  /** A subscription was created, changed or deleted; resolves once the lanes run on the saved settings. */
  changed(): Promise<void>;
  /** Stops claiming work and waits (up to `graceMs`) for requests in flight to be recorded. */
  stop(graceMs?: number): Promise<void>;
}

export interface DispatcherDeps {
  readonly storage: Storage;
  readonly runtimes: SubscriptionRuntimes;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly subscriptions: () => Promise<Subscription[]>;
  readonly markAuthFailed: (id: string, detail: string) => Promise<void>;
  readonly journal: SendJournal;
  /**
   * True when something outside storage proves no other dispatcher uses this database (SQLite: the data-directory
   * lock): a start then settles every transfer left in flight, with the send journal's help. Otherwise a start
   * takes only lapsed leases, like the sweep.
   */
  readonly soleOwner: boolean;
  readonly leaseTiming?: LeaseTiming;
  readonly observer?: DeliveryObserver | undefined;
  /** The most sends this process keeps in flight across its subscriptions; default: no cap of its own. */
  readonly concurrency?: number | undefined;
}

export class Dispatcher implements DeliveryControl {
  private readonly lanes = new Map<string, Lane>();
  private running = false;
  private syncing: Promise<void> = Promise.resolve();
  private readonly leases: LeaseKeeper;
  private readonly processGate: CallGate | undefined;

  constructor(private readonly deps: DispatcherDeps) {
    const concurrency = deps.concurrency;
    this.processGate =
      concurrency === undefined
        ? undefined
        : new CallGate({ limit: undefined, windowMs: 1_000, concurrency }, deps.clock);
    this.leases = new LeaseKeeper({
      storage: deps.storage,
      clock: deps.clock,
      logger: deps.logger,
      timing: deps.leaseTiming ?? DEFAULT_LEASE_TIMING,
      sweep: () => this.sweep(),
    });
  }

  /** This dispatcher's owner id on the claims it makes (see Lease). */
  get owner(): string {
    return this.leases.owner;
  }

  /**
   * Settles transfers a crash left in flight (as sole owner, the send journal tells which claimed ones went out;
   * otherwise those whose lease lapsed), starts a new journal, starts renewing and sweeping leases, then starts a
   * lane for every enabled subscription.
   */
  async start(): Promise<void> {
    const { journal } = this.deps;
    const recovered = await this.recover(
      this.deps.soleOwner
        ? { soleOwner: true, sent: journal.previous() }
        : { lapsedBefore: this.deps.clock.now(), self: this.owner },
    );
    journal.begin();
    if (recovered > 0)
      this.deps.logger.warn({ transfers: recovered }, 'transfers interrupted by a stop were settled');
    this.running = true;
    this.leases.start();
    await this.sync();
  }

  /** Settles other owners' claims whose lease lapsed (a dispatcher that died or stalled), and wakes the lanes. */
  async sweep(): Promise<void> {
    if (!this.running) return;
    const taken = await this.recover({ lapsedBefore: this.deps.clock.now(), self: this.owner });
    if (taken === 0) return;
    this.deps.logger.warn(
      { transfers: taken },
      'transfers of a dispatcher that stopped renewing were settled',
    );
    this.notify();
  }

  private async recover(scope: RecoveryScope): Promise<number> {
    const subs = await this.deps.subscriptions();
    const requeue = subs.filter((s) => s.atLeastOnce).map((s) => s.id);
    const at = isoTime(this.deps.clock.now());
    return this.deps.storage.delivery.recoverInterrupted(scope, requeue, INTERRUPTED_TEXT, at);
  }

  /**
   * New work for these subscriptions (or all): wake their lanes. `appended` when only newly ingested Messages
   * were queued (see Lane.wake).
   */
  notify(subscriptionIds?: readonly string[], appended = false): void {
    if (!this.running) return;
    const ids = subscriptionIds ?? [...this.lanes.keys()];
    if (ids.some((id) => !this.lanes.has(id))) void this.sync();
    for (const id of ids) this.lanes.get(id)?.wake(appended);
  }

  /** A subscription was created, changed or deleted; resolves once the lanes run on the saved settings. */
  changed(): Promise<void> {
    return this.running ? this.sync() : Promise.resolve();
  }

  /** Stops claiming work and waits (up to `graceMs`) for requests in flight to be recorded. */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    await this.syncing;
    // A transfer waiting for the process's cap goes back to the queue now, its subscription slot freed.
    this.processGate?.close();
    await Promise.all([...this.lanes.values()].map((l) => l.stop(graceMs)));
    this.lanes.clear();
    this.leases.stop();
  }

  private sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      if (!this.running) return;
      const subs = await this.deps.subscriptions();
      const active = new Map(subs.filter((s) => s.enabled).map((s) => [s.id, s]));
      for (const [id, lane] of this.lanes)
        if (!active.has(id)) {
          this.lanes.delete(id);
          void lane.stop(10_000);
        }
      for (const sub of active.values()) {
        const lane = this.lanes.get(sub.id);
        if (lane) lane.update(sub);
        else {
          const next = new Lane(sub, this.laneDeps());
          this.lanes.set(sub.id, next);
          next.start();
        }
      }
    });
    this.syncing = this.syncing.catch((err: unknown) => {
      this.deps.logger.error(
        { err: isFerryError(err) ? err.message : String(err) },
        'dispatcher sync failed',
      );
    });
    return this.syncing;
  }

  private laneDeps(): LaneDeps {
    return {
      storage: this.deps.storage,
      runtimes: this.deps.runtimes,
      clock: this.deps.clock,
      logger: this.deps.logger,
      markAuthFailed: this.deps.markAuthFailed,
      journal: this.deps.journal,
      leases: this.leases,
      observer: this.deps.observer,
      processGate: this.processGate,
    };
  }
}
