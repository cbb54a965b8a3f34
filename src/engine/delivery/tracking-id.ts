// Tracking ids: time-ordered UUIDs (version 7) whose random bits come from a pooled buffer.
import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * uuid's own source asks WebCrypto for 16 bytes per id, which cost 11% of bulk ingest's main-thread time;
 * one `randomFillSync` fills 256 ids' worth. Ids made in the same millisecond are ordered by their random bits
 * (RFC 9562 leaves sub-millisecond order optional); across milliseconds they stay time-ordered.
 */
const pool = new Uint8Array(4_096);
let used = pool.length;

export function trackingId(): string {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, used + 16);
  used += 16;
  return v7({ random });
}
