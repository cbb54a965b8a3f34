// The throttle window: counted from each call's end, so the receiver never sees more than the limit.
import { describe, expect, it } from 'vitest';
import { SlidingWindow } from './throttle.js';

describe('SlidingWindow', () => {
  it('grants up to the limit, then says how long until the oldest finished call leaves the window', () => {
    const w = new SlidingWindow(2, 1_000);
    expect(w.tryAcquire(0)).toBe(0);
    expect(w.tryAcquire(0)).toBe(0);
    expect(w.tryAcquire(0)).toBe(Infinity); // both still in flight
    w.release(100);
    w.release(300);
    expect(w.tryAcquire(500)).toBe(601); // the call that ended at 100 frees its slot after 1,100
    expect(w.tryAcquire(1_101)).toBe(0);
    expect(w.used(1_101)).toBe(2);
    expect(w.tryAcquire(1_101)).toBe(200);
  });

  it('keeps its log sorted when the clock steps back', () => {
    const w = new SlidingWindow(1, 1_000);
    w.tryAcquire(5_000);
    w.release(5_000);
    expect(w.tryAcquire(4_000)).toBe(2_001);
  });

  it('forgets a slot given back unused, as if it had never been taken', () => {
    const w = new SlidingWindow(1, 1_000);
    expect(w.tryAcquire(0)).toBe(0);
    w.giveBack();
    expect(w.used(0)).toBe(0);
    expect(w.tryAcquire(0)).toBe(0);
    expect(() => {
      w.giveBack();
      w.giveBack();
    }).toThrow('give back without acquire');
  });

  it('refuses nonsense limits', () => {
    expect(() => new SlidingWindow(0, 1_000)).toThrow(RangeError);
    expect(() => new SlidingWindow(1, 0)).toThrow(RangeError);
  });
});
