// Tracking ids: valid, distinct, time-ordered version-7 UUIDs from the pooled generator.
import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import { trackingId } from './tracking-id.js';

describe('trackingId', () => {
  it('makes valid, distinct version-7 UUIDs across several refills of the random pool', () => {
    const ids = Array.from({ length: 2_000 }, () => trackingId());
    expect(ids.every((id) => validate(id) && version(id) === 7)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the current time in its first 48 bits, so later ids sort after earlier ones', async () => {
    const before = Date.now();
    const first = trackingId();
    await new Promise((r) => setTimeout(r, 5));
    const second = trackingId();
    const ms = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms(first)).toBeGreaterThanOrEqual(before);
    expect(ms(second)).toBeGreaterThan(ms(first));
    expect(second > first).toBe(true);
  });
});
