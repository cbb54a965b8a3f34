// Fault injection: a seeded PRNG decides which admitted requests fail, hang or are reset, and how late answers come.
import type { Clock } from '../core/clock.js';
import { ValidationError } from '../core/errors.js';
import type { FaultChange, SimulatorOptions } from './sim-options.js';

export type FaultKind = 'none' | 'error' | 'reset' | 'hang';

type Latency = SimulatorOptions['latencyMs'];

/** The fault settings in force, as GET /_sim/faults reports them. */
export interface FaultSnapshot {
  readonly errorRate: number;
  readonly resetRate: number;
  readonly hangRate: number;
  readonly latencyMs: Latency;
  /** Whether every API request is answered 429 right now. */
  readonly rateLimitStorm: boolean;
  /** Ms left in the storm; null when there is none or it lasts until turned off. */
  readonly rateLimitStormRemainingMs: number | null;
}

/** mulberry32: tiny, fast and good enough to spread faults; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultPlan {
  private errorRate = 0;
  private resetRate = 0;
  private hangRate = 0;
  private latency: Latency = 0;
  private stormUntilMs: number | undefined;
  private random: () => number;

  constructor(
    private readonly options: SimulatorOptions,
    private readonly clock: Clock,
  ) {
    this.random = seededRandom(options.seed);
    this.reset();
  }

  /** Back to the start-up settings, with the PRNG reseeded so the fault sequence repeats. */
  reset(): void {
    this.random = seededRandom(this.options.seed);
    this.stormUntilMs = undefined;
    const { errorRate, resetRate, hangRate, latencyMs, rateLimitStorm } = this.options;
    this.apply({ errorRate, resetRate, hangRate, latencyMs, rateLimitStorm });
  }

  /** Applies a parsed change; throws ValidationError, changing nothing, when the rates would add up past 1. */
  apply(patch: FaultChange): void {
    const errorRate = patch.errorRate ?? this.errorRate;
    const resetRate = patch.resetRate ?? this.resetRate;
    const hangRate = patch.hangRate ?? this.hangRate;
    if (errorRate + resetRate + hangRate > 1) {
      const message = 'errorRate + resetRate + hangRate must not exceed 1';
      throw new ValidationError('Invalid fault settings', [{ path: 'errorRate', code: 'too_big', message }]);
    }
    this.errorRate = errorRate;
    this.resetRate = resetRate;
    this.hangRate = hangRate;
    if (patch.latencyMs !== undefined) this.latency = patch.latencyMs;
    const storm = patch.rateLimitStorm;
    if (storm === true) this.stormUntilMs = Number.POSITIVE_INFINITY;
    else if (storm === false) this.stormUntilMs = undefined;
    else if (storm !== undefined) this.stormUntilMs = this.clock.now() + storm.durationMs;
  }

  /** Draws the fault for one admitted request; the PRNG only advances when some fault is enabled. */
  draw(): FaultKind {
    if (this.errorRate + this.resetRate + this.hangRate === 0) return 'none';
    const r = this.random();
    if (r < this.resetRate) return 'reset';
    if (r < this.resetRate + this.hangRate) return 'hang';
    return r < this.resetRate + this.hangRate + this.errorRate ? 'error' : 'none';
  }

  /** The delay in ms before this answer is sent. */
  latencyMs(): number {
    const latency = this.latency;
    if (typeof latency === 'number') return latency;
    return latency.minMs + this.random() * (latency.maxMs - latency.minMs);
  }

  /** Ms the current storm still lasts (Infinity until turned off), or undefined when there is none. */
  stormRemainingMs(nowMs: number): number | undefined {
    if (this.stormUntilMs === undefined || nowMs >= this.stormUntilMs) return undefined;
    return this.stormUntilMs - nowMs;
  }

  snapshot(): FaultSnapshot {
    const remaining = this.stormRemainingMs(this.clock.now());
    return {
      errorRate: this.errorRate,
      resetRate: this.resetRate,
      hangRate: this.hangRate,
      latencyMs: this.latency,
      rateLimitStorm: remaining !== undefined,
      rateLimitStormRemainingMs:
        remaining === undefined || remaining === Number.POSITIVE_INFINITY ? null : remaining,
    };
  }
}
