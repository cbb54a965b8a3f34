// Window arithmetic behind the rate limits and the benchmark's busiest-window check.
import { describe, expect, it } from 'vitest';
import { RecordLog } from './record-log.js';
import { maxInWindow, SlidingWindowLimiter, TimeLog } from './sliding-window.js';

describe('SlidingWindowLimiter', () => {
  it('admits up to the limit in a window and says how long until a slot frees', () => {
    const limiter = new SlidingWindowLimiter(3, 1_000);
    const times = [0, 100, 200, 300, 999, 1_000, 1_000];
    expect(times.map((t) => limiter.tryAdmit(t))).toEqual([0, 0, 0, 700, 1, 0, 100]);
  });

  it('does not record refused attempts, so hammering does not extend the wait', () => {
    const limiter = new SlidingWindowLimiter(1, 1_000);
    limiter.tryAdmit(0);
    for (let t = 1; t < 1_000; t += 10) expect(limiter.tryAdmit(t)).toBeGreaterThan(0);
    expect(limiter.tryAdmit(1_000)).toBe(0);
  });

  it('admits everything at limit 0 but keeps counting, so a later limit sees recent traffic', () => {
    const limiter = new SlidingWindowLimiter(0, 1_000);
    for (let t = 0; t < 10; t++) expect(limiter.tryAdmit(t)).toBe(0);
    limiter.limit = 5;
    expect(limiter.tryAdmit(10)).toBe(995);
  });

  it('waits for enough entries to leave when the limit is lowered', () => {
    const limiter = new SlidingWindowLimiter(4, 1_000);
    for (const t of [0, 10, 20, 30]) limiter.tryAdmit(t);
    limiter.limit = 2;
    expect(limiter.tryAdmit(40)).toBe(1_020 - 40);
  });

  it('keeps working across compaction of its log', () => {
    const limiter = new SlidingWindowLimiter(2, 10);
    let admitted = 0;
    for (let t = 0; t < 50_000; t++) if (limiter.tryAdmit(t) === 0) admitted++;
    expect(admitted).toBe(10_000);
  });
});

describe('maxInWindow', () => {
  it('finds the busiest half-open window (t - w, t]', () => {
    expect(maxInWindow([], 1_000)).toBe(0);
    expect(maxInWindow([0, 999, 1_000, 1_001], 1_000)).toBe(3);
    expect(maxInWindow([0, 500, 900, 2_000, 2_100, 2_200, 2_999], 1_000)).toBe(4);
  });
});

describe('TimeLog', () => {
  it('grows past its first buffer and returns sorted times even if the clock went back', () => {
    const log = new TimeLog();
    for (let i = 0; i < 3_000; i++) log.push(i);
    log.push(5);
    const times = log.toArray();
    expect(times).toHaveLength(3_001);
    expect(times[6]).toBe(5);
    expect(maxInWindow(times, 1)).toBe(2);
  });
});

describe('RecordLog', () => {
  it('keeps the newest entries with absolute indices, and counts with capacity 0', () => {
    const log = new RecordLog<string>(2_000);
    for (let i = 0; i < 5_000; i++) log.append(`e${i}`);
    const page = log.page(0, 3);
    expect(page).toMatchObject({ total: 5_000, firstKept: 3_000, next: 3_003 });
    expect(page.entries).toEqual([
      { index: 3_000, entry: 'e3000' },
      { index: 3_001, entry: 'e3001' },
      { index: 3_002, entry: 'e3002' },
    ]);
    const none = new RecordLog<string>(0);
    expect(none.append('x')).toBe(0);
    expect(none.page()).toMatchObject({ entries: [], total: 1, next: 1 });
  });
});
