// When to refresh a token: a margin before expiry that scales with its lifetime, so short and long tokens both work.

/** Share of the lifetime kept as margin: 10%. */
export const MARGIN_SHARE = 0.1;
/** Smallest margin in ms: 5 s, so clock skew and request time are covered. */
export const MIN_MARGIN_MS = 5_000;
/** Largest margin in ms: 5 min, so hour-long tokens are not refreshed needlessly early. */
export const MAX_MARGIN_MS = 300_000;

/**
 * 10% of the lifetime, clamped to 5 s … 5 min, and never more than half the lifetime (a 6 s token would
 * otherwise be stale on arrival). 60 s → 6 s, 3600 s → 300 s, 20 s → 5 s, 4 s → 2 s.
 */
export function refreshMarginMs(lifetimeMs: number): number {
  const clamped = Math.min(MAX_MARGIN_MS, Math.max(MIN_MARGIN_MS, lifetimeMs * MARGIN_SHARE));
  return Math.min(clamped, lifetimeMs / 2);
}

/** Times of a token in ms since the epoch; `expiresAt` undefined = the server gave no lifetime. */
export interface TokenTimes {
  readonly obtainedAt: number;
  readonly expiresAt: number | undefined;
}

/** True while `now` is before expiry minus the margin; tokens without expiry stay usable until a 401. */
export function isFresh(token: TokenTimes, now: number): boolean {
  if (token.expiresAt === undefined) return true;
  return now < token.expiresAt - refreshMarginMs(token.expiresAt - token.obtainedAt);
}

/** Seconds left before expiry, rounded down; undefined without expiry. */
export const secondsLeft = (token: TokenTimes, now: number): number | undefined =>
  token.expiresAt === undefined ? undefined : Math.max(0, Math.floor((token.expiresAt - now) / 1000));
