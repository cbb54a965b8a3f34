// What a lane is built on: storage, the subscription runtimes, the send journal, the dispatcher's lease.
import type { Clock } from '../../core/clock.js';
import type { Gate } from '../../core/ports/coordination.js';
import type { DeliveryObserver } from '../../core/ports/delivery-observer.js';
import type { Logger } from '../../core/ports/logger.js';
import type { SendJournal } from '../../core/ports/send-journal.js';
import type { Storage } from '../../core/ports/storage.js';
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
  /**
   * The process's own cap on sends in flight across its lanes (`ferry worker`), taken after the subscription's
   * gate admitted a send; undefined: only the subscriptions' caps.
   */
  readonly processGate?: Gate | undefined;
  /** Counts outcomes for /metrics and the console; optional so tests and tools can leave it out. */
  readonly observer?: DeliveryObserver | undefined;
}
