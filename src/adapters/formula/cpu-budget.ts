// One evaluation's time budget, counted in CPU: wall time the host spent descheduled is not the formula's fault.
import { threadCpuMs } from './cpu-clock.js';

/** Why an evaluation was stopped: it used its CPU budget, or the host could not give it the CPU in time. */
export type Overrun = 'timeout' | 'unavailable';

/**
 * A formula the host cannot run within this many budgets of wall time is stopped as unavailable (retried later),
 * so a starved thread is not held indefinitely and a broken CPU clock cannot hang it.
 */
export const WALL_BUDGETS = 20;

/**
 * Checked from QuickJS's interrupt handler (every few thousand backward jumps and calls). The wall clock is the
 * cheap first test: CPU never outruns it on one thread, so the CPU clock is read only once the wall time passes
 * the budget, and then again no sooner than the CPU could reach it.
 */
export class CpuBudget {
  private wallStart = 0;
  private cpuStart: number | undefined;
  private nextCheck = 0;
  overrun: Overrun | undefined;

  constructor(private budgetMs: number) {}

  /** Starts an evaluation with `budgetMs` of CPU. */
  start(budgetMs: number): void {
    this.budgetMs = budgetMs;
    this.wallStart = performance.now();
    this.nextCheck = this.wallStart + budgetMs;
    this.cpuStart = undefined;
    this.overrun = undefined;
  }

  /** True when the evaluation must stop now; `overrun` then says why. */
  exceeded(): boolean {
    if (this.overrun !== undefined) return true;
    // The first interrupt of an evaluation fixes the CPU baseline: what ran before it (at most one interrupt
    // interval) goes uncounted, so the formula is never charged more than it used.
    this.cpuStart ??= threadCpuMs();
    const now = performance.now();
    if (now < this.nextCheck) return false;
    const usedMs = threadCpuMs() - this.cpuStart;
    if (usedMs >= this.budgetMs) this.overrun = 'timeout';
    else if (now - this.wallStart >= this.budgetMs * WALL_BUDGETS) this.overrun = 'unavailable';
    else this.nextCheck = now + Math.max(this.budgetMs - usedMs, 1);
    return this.overrun !== undefined;
  }
}
