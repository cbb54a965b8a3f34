// The ISO timestamp helper: the answer Date gives, for repeated and changing times alike.
import { describe, expect, it } from 'vitest';
import { isoTime } from './clock.js';

describe('isoTime', () => {
  it('answers as Date#toISOString for the same millisecond asked again and for each new one', () => {
    const times = [
      Date.UTC(2026, 11, 7, 9, 0, 0, 1),
      Date.UTC(2026, 11, 7, 9, 0, 0, 1),
      0,
      1,
      1,
      1_999_999_999_999,
    ];
    for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws for a time Date cannot write, as toISOString does, every time it is asked', () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
  });
});
