// The transfers of one lane waiting for a slot: its subscription's gate first, then the process's own cap.
import type { Gate, Release } from '../../core/ports/coordination.js';
import { Idle } from './idle.js';
import { AT_GATE, MAX_IDLE_MS } from './lane-tuning.js';

/**
 * At most AT_GATE transfers wait at once; a transfer the subscription's gate admitted waits for the process's cap
 * with its slot held, so a full process holds at most that many of a subscription's slots unused.
 */
export class GateLine {
  private waiting = 0;
  private readonly turn = new Idle();

  constructor(private readonly processGate: Gate | undefined) {}

  /** Resolves once fewer than AT_GATE transfers wait, or once `stopped()` holds. */
  async room(stopped: () => boolean): Promise<void> {
    while (this.waiting >= AT_GATE && !stopped()) await this.turn.sleep(MAX_IDLE_MS);
  }

  /** Ends a wait in `room` (the lane stops). */
  wake(): void {
    this.turn.wake();
  }

  /** A slot of `gate` and then one of the process: one release for both, or undefined once a gate is closed. */
  async admit(gate: Gate): Promise<Release | undefined> {
    this.waiting++;
    try {
      const release = await gate.acquire();
      if (release === undefined || this.processGate === undefined) return release;
      const own = await this.processGate.acquire();
      if (own === undefined) {
        release();
        return undefined;
      }
      // Each release ignores the calls after its first, so this one does too.
      return (how) => {
        release(how);
        own(how);
      };
    } finally {
      this.waiting--;
      this.turn.wake();
    }
  }
}
