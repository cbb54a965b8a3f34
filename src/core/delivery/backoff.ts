// Retry timing for failed transfers: iPaaS.com's schedule 0, 20, 60, 120, 200 … minutes (10·a·(a+1)).

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 10. */
  readonly maxAttempts: number;
  /** Explicit delays in minutes before each retry; when absent, 10·a·(a+1). */
  readonly scheduleMinutes?: readonly number[] | undefined;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10 };

/**
 * Delay in ms before retry number `retry` (1 = the first retry after the first failed attempt).
 * Resolves undefined when no retry is left.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number): number | undefined {
  if (retry < 1 || retry >= policy.maxAttempts) return undefined;
  const a = retry - 1;
  const schedule = policy.scheduleMinutes;
  const minutes = schedule ? (schedule[a] ?? schedule.at(-1) ?? 0) : 10 * a * (a + 1);
  return minutes * 60_000;
}
