// The budget counts the thread's CPU: wall time spent not running is never charged, a long stall is unavailable.
import { describe, expect, it } from 'vitest';
import { CpuBudget, WALL_BUDGETS } from './cpu-budget.js';
import { threadCpuMs } from './cpu-clock.js';

/** Blocks the thread without using CPU, as being descheduled on a busy machine does. */
const stall = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
/** Uses about `ms` of this thread's CPU. */
function spin(ms: number): void {
  const until = threadCpuMs() + ms;
  while (threadCpuMs() < until);
}

describe('CpuBudget', () => {
  it('reads a CPU clock that moves with work and stands still while the thread sleeps', () => {
    const before = threadCpuMs();
    stall(60);
    const slept = threadCpuMs() - before;
    spin(30);
    expect(slept).toBeLessThan(20);
    expect(threadCpuMs() - before).toBeGreaterThanOrEqual(30);
  });

  it('does not stop a formula whose wall time passed the budget while it was not running', () => {
    const budget = new CpuBudget(40);
    budget.start(40);
    expect(budget.exceeded()).toBe(false);
    stall(120);
    expect(budget.exceeded()).toBe(false);
    expect(budget.overrun).toBeUndefined();
  });

  it('stops a formula that used its CPU budget, as a timeout that stays', () => {
    const budget = new CpuBudget(30);
    budget.start(30);
    expect(budget.exceeded()).toBe(false);
    let stopped = false;
    const cpuStart = threadCpuMs();
    while (!stopped && threadCpuMs() - cpuStart < 1_000) stopped = budget.exceeded();
    expect(stopped).toBe(true);
    expect(budget.overrun).toBe('timeout');
    expect(threadCpuMs() - cpuStart).toBeGreaterThanOrEqual(30);
    expect(budget.exceeded()).toBe(true);
  });

  it(`reports a host that gave it no CPU for ${WALL_BUDGETS} budgets of wall time as unavailable`, () => {
    const budget = new CpuBudget(5);
    budget.start(5);
    expect(budget.exceeded()).toBe(false);
    stall(5 * WALL_BUDGETS + 20);
    expect(budget.exceeded()).toBe(true);
    expect(budget.overrun).toBe('unavailable');
    budget.start(5);
    expect(budget.overrun).toBeUndefined();
  });
});
