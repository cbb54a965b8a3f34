// The in-process dispatcher: one lane per enabled subscription, reading the SQLite outbox and delivering.
import type { Clock } from '../../core/clock.js';
import { isFerryError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SendJournal } from '../../core/ports/send-journal.js';
import type { Storage } from '../../core/ports/storage.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { Lane, type LaneDeps } from './dispatch-lane.js';
import type { SubscriptionRuntimes } from './subscription-runtime.js';

export const INTERRUPTED_TEXT =
  'Error calling Moveworks CallWrapper.SendMessage: Ferry stopped while the request was in flight; it may have been delivered (Http Code: none)';

/** What the rest of Ferry tells delivery, wherever it runs (this thread or the dispatch thread). */
export interface DeliveryControl {
  start(): Promise<void>;
  /** New work for these subscriptions (or all); `appended`: only newly ingested Messages (see Lane.wake). */
  notify(subscriptionIds?: readonly string[], appended?: boolean): void;
  /** A subscription was created, changed or deleted. */
  changed(): void;
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
}

export class Dispatcher implements DeliveryControl {
  private readonly lanes = new Map<string, Lane>();
  private running = false;
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: DispatcherDeps) {}

  /**
   * Settles transfers a crash left in flight (the send journal tells which claimed ones went out), starts a new
   * journal, then starts a lane for every enabled subscription.
   */
  async start(): Promise<void> {
    const subs = await this.deps.subscriptions();
    const requeue = subs.filter((s) => s.atLeastOnce).map((s) => s.id);
    const at = new Date(this.deps.clock.now()).toISOString();
    const { journal } = this.deps;
    const recovered = await this.deps.storage.delivery.recoverInterrupted(
      requeue,
      INTERRUPTED_TEXT,
      at,
      journal.previous(),
    );
    journal.begin();
    if (recovered > 0)
      this.deps.logger.warn({ transfers: recovered }, 'transfers interrupted by a stop were settled');
    this.running = true;
    await this.sync();
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

  /** A subscription was created, changed or deleted. */
  changed(): void {
    if (this.running) void this.sync();
  }

  /** Stops claiming work and waits (up to `graceMs`) for requests in flight to be recorded. */
  async stop(graceMs = 10_000): Promise<void> {
    this.running = false;
    await this.syncing;
    await Promise.all([...this.lanes.values()].map((l) => l.stop(graceMs)));
    this.lanes.clear();
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
    };
  }
}
