// Slots a shared gate was granted beyond its waiters, kept a few milliseconds for the next acquires.

/**
 * Slots asked for beyond the waiters: a lane asks for one slot at a time, and a round trip a send was most of a
 * worker's Redis time. While kept they count as in flight (against the cap and the window's headroom); those
 * nobody took within SPARE_MS go back unused, never counted as calls in the window.
 */
export const SPARE = 8;
/**
 * Spares are asked for only when the last answer left at least this much of the throttle window (or there is no
 * limit): near a tight limit they would keep slots from other workers, and a slot granted just before Redis went
 * away would be used while it is away.
 */
export const SPARE_HEADROOM = 64;
const SPARE_MS = 20;

export class SpareSlots {
  private slots: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private until = 0;

  /** `giveBack` receives the slots nobody took in time (and those `drain` takes). */
  constructor(private readonly giveBack: (slots: string[]) => void) {}

  /** Keeps `slot`, granted at `nowMs`, for SPARE_MS at most. */
  keep(slot: string, nowMs: number): void {
    this.slots.push(slot);
    this.until = nowMs + SPARE_MS;
    this.timer ??= setTimeout(() => this.drain(), SPARE_MS);
  }

  /** A kept slot while its grant is fresh (its lease surely runs), else undefined. */
  take(nowMs: number): string | undefined {
    return nowMs < this.until ? this.slots.pop() : undefined;
  }

  /** Gives every kept slot back now. */
  drain(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const slots = this.slots.splice(0);
    if (slots.length > 0) this.giveBack(slots);
  }
}
