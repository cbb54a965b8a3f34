// The refresh margin scales with the token lifetime: 10%, clamped to 5 s … 5 min, at most half the lifetime.
import { describe, expect, it } from 'vitest';
import { isFresh, refreshMarginMs, secondsLeft } from './token-margin.js';

describe('refreshMarginMs', () => {
  it.each([
    [3_600_000, 300_000],
    [600_000, 60_000],
    [60_000, 6_000],
    [20_000, 5_000],
    [4_000, 2_000],
  ])('gives a %i ms token a margin of %i ms', (lifetime, margin) => {
    expect(refreshMarginMs(lifetime)).toBe(margin);
  });
});

describe('isFresh', () => {
  const token = { obtainedAt: 0, expiresAt: 60_000 };
  it('is fresh until expiry minus the margin, then stale', () => {
    expect(isFresh(token, 53_999)).toBe(true);
    expect(isFresh(token, 54_000)).toBe(false);
  });

  it('keeps a token without expiry until the API refuses it', () => {
    expect(isFresh({ obtainedAt: 0, expiresAt: undefined }, Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('reports whole seconds left', () => {
    expect(secondsLeft(token, 1_500)).toBe(58);
    expect(secondsLeft({ obtainedAt: 0, expiresAt: undefined }, 0)).toBeUndefined();
  });
});
