// The bulk send summary: counts, rejected lines listed up to a limit, messages kept to one line.
import { describe, expect, it } from 'vitest';
import { formatBulkSummary } from './bulk-summary.js';

describe('formatBulkSummary', () => {
  it('lists the counts and every rejected record by line', () => {
    const text = formatBulkSummary({
      accepted: 998,
      duplicates: 1,
      rejected: [
        { line: 17, message: 'Id: must not be empty' },
        { line: 42, message: 'invalid JSON: Unexpected token' },
      ],
    });
    expect(text).toBe(
      'accepted 998, duplicates 1, rejected 2\n  line 17: Id: must not be empty\n  line 42: invalid JSON: Unexpected token\n',
    );
  });

  it('is one line when nothing was rejected', () => {
    expect(formatBulkSummary({ accepted: 3, duplicates: 0, rejected: [] })).toBe(
      'accepted 3, duplicates 0, rejected 0\n',
    );
  });

  it('lists at most maxListed and says how many more there are', () => {
    const rejected = Array.from({ length: 25 }, (_, i) => ({ line: i + 2, message: 'Id: Required' }));
    const lines = formatBulkSummary({ accepted: 0, duplicates: 0, rejected }).split('\n');
    expect(lines).toHaveLength(1 + 20 + 1 + 1);
    expect(lines[0]).toBe('accepted 0, duplicates 0, rejected 25');
    expect(lines[20]).toBe('  line 21: Id: Required');
    expect(lines[21]).toBe('  … and 5 more (use --json for all)');
    expect(formatBulkSummary({ accepted: 0, duplicates: 0, rejected }, 2)).toBe(
      'accepted 0, duplicates 0, rejected 25\n  line 2: Id: Required\n  line 3: Id: Required\n  … and 23 more (use --json for all)\n',
    );
  });

  it('keeps a message with newlines or escape codes on one harmless line', () => {
    const text = formatBulkSummary({
      accepted: 0,
      duplicates: 0,
      rejected: [{ line: 3, message: 'bad\r\nrow \x1b[2Jcleared\u009b' }],
    });
    expect(text).toBe('accepted 0, duplicates 0, rejected 1\n  line 3: bad row [2Jcleared\n');
  });
});
