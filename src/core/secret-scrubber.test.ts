import { describe, expect, it } from 'vitest';
import { SecretScrubber } from './secret-scrubber.js';

describe('SecretScrubber', () => {
  it('masks registered values and their URL-encoded forms, and ignores values too short to mask', () => {
    const scrubber = new SecretScrubber();
    scrubber.add('s3cr3t/value', 'abc');
    expect(scrubber.scrub('a=s3cr3t/value&b=s3cr3t%2Fvalue&c=abc')).toBe('a=[REDACTED]&b=[REDACTED]&c=abc');
  });

  it('forgets only short-lived values when they exceed its capacity, never a configured secret', () => {
    const scrubber = new SecretScrubber(3);
    scrubber.add('client-secret-1');
    for (let i = 0; i < 10; i++) scrubber.addShortLived(`access-token-${i}`);
    expect(scrubber.scrub('client-secret-1 access-token-9 access-token-6 access-token-0')).toBe(
      '[REDACTED] [REDACTED] access-token-6 access-token-0',
    );
  });
});
