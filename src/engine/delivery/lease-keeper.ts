// This dispatcher's lease on the transfers it claims: its owner id, the periodic renewal, and the periodic sweep.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Storage } from '../../core/ports/storage.js';
import type { Lease } from '../../core/ports/transfer-lease.js';

/** How long a claim's lease runs, how often the owner renews its leases, and how often it sweeps lapsed ones. */
export interface LeaseTiming {
  readonly leaseMs: number;
  readonly renewEveryMs: number;
  readonly sweepEveryMs: number;
}

/** 30 s leases renewed every 10 s: two renewals in a row may fail or stall before any lease lapses. */
export const DEFAULT_LEASE_TIMING: LeaseTiming = {
  leaseMs: 30_000,
  renewEveryMs: 10_000,
  sweepEveryMs: 10_000,
};

export interface LeaseKeeperDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timing: LeaseTiming;
  /** Settles other owners' lapsed claims (see Dispatcher.sweep). */
  readonly sweep: () => Promise<void>;
}

export class LeaseKeeper {
  /** A new id per dispatcher run: a restarted dispatcher never mistakes its predecessor's claims for its own. */
  readonly owner = randomUUID();
  /** When the last renewal succeeded (or the keeper started): every claim held is leased past this + leaseMs. */
  private renewedAt: number;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly deps: LeaseKeeperDeps) {
    this.renewedAt = deps.clock.now();
  }

  /** The lease a claim made now takes. */
  lease(): Lease {
    return { owner: this.owner, until: this.deps.clock.now() + this.deps.timing.leaseMs };
  }

  /**
   * Whether a send may start on a claim held: false once renewals have failed for so long that the lease could
   * lapse before the request ends (a renewal period short of its end), when another dispatcher may take it over.
   */
  held(): boolean {
    const { leaseMs, renewEveryMs } = this.deps.timing;
    return this.deps.clock.now() < this.renewedAt + leaseMs - renewEveryMs;
  }

  start(): void {
    this.renewedAt = this.deps.clock.now();
    const { renewEveryMs, sweepEveryMs } = this.deps.timing;
    const every = (ms: number, run: () => Promise<void>) => {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void run().finally(() => (busy = false));
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(renewEveryMs, () => this.renew());
    every(sweepEveryMs, () =>
      this.deps.sweep().catch((err: unknown) => {
        this.deps.logger.error({ err: String(err) }, 'could not sweep lapsed claims');
      }),
    );
  }

  /** Stops renewing: call once nothing this owner claimed is still in flight. */
  stop(): void {
    for (const t of this.timers.splice(0)) clearInterval(t);
  }

  async renew(): Promise<void> {
    const startedAt = this.deps.clock.now();
    try {
      await this.deps.storage.delivery.renew(this.lease());
      this.renewedAt = startedAt;
    } catch (err) {
      this.deps.logger.error({ err: String(err) }, 'could not renew the lease on claimed transfers');
    }
  }
}
