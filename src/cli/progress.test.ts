// Progress output on a terminal and elsewhere, driven by an injected clock and checked character for character.
import { describe, expect, it } from 'vitest';
import { createProgress, formatBytes } from './progress.js';

const MiB = 1024 * 1024;

function setup(options: { isTty: boolean; total?: number; columns?: number }) {
  const written: string[] = [];
  let t = 1_000_000;
  const progress = createProgress({ ...options, label: 'bulk', write: (s) => written.push(s), now: () => t });
  return { progress, written, advance: (ms: number) => (t += ms) };
}

describe('createProgress on a terminal', () => {
  it('redraws one line with a bar, percentage, bytes, rate and counts', () => {
    const { progress, written, advance } = setup({ isTty: true, total: 10 * MiB, columns: 120 });
    advance(1000);
    progress.update(4 * MiB, { accepted: 10, rejected: 1 });
    expect(written).toEqual([
      '\rbulk [########------------]  40%  4.0 MiB/10.0 MiB  4.0 MiB/s  accepted 10, duplicates 0, rejected 1\x1b[K',
    ]);
  });

  it('redraws at most every 100 ms and keeps counts not given again', () => {
    const { progress, written, advance } = setup({ isTty: true, total: 2048, columns: 120 });
    progress.update(0);
    advance(50);
    progress.update(512, { accepted: 3 });
    advance(49);
    progress.update(1024, { duplicates: 1 });
    advance(1);
    progress.update(1024);
    expect(written).toEqual([
      '\rbulk [--------------------]   0%  0 B/2.0 KiB\x1b[K',
      '\rbulk [##########----------]  50%  1.0 KiB/2.0 KiB  10.0 KiB/s  accepted 3, duplicates 1, rejected 0\x1b[K',
    ]);
  });

  it('draws the final state and a newline at finish, then stays quiet', () => {
    const { progress, written, advance } = setup({ isTty: true, total: 1000, columns: 120 });
    progress.update(10);
    advance(10);
    progress.update(1000, { accepted: 2, duplicates: 0, rejected: 0 });
    progress.finish();
    progress.update(5);
    progress.finish();
    expect(written.slice(1)).toEqual([
      '\rbulk [####################] 100%  1000 B/1000 B  97.7 KiB/s  accepted 2, duplicates 0, rejected 0\x1b[K',
      '\n',
    ]);
  });

  it('cuts the line to the default width of 80 columns', () => {
    const { progress, written } = setup({ isTty: true, total: 100 });
    progress.update(100, { accepted: 1_000_000_000, duplicates: 1_000_000_000, rejected: 1_000_000_000 });
    expect(written[0]!.length).toBe('\r'.length + 79 + '\x1b[K'.length);
  });

  it('shows bytes without a bar when the total is unknown, cut to the terminal width', () => {
    const { progress, written, advance } = setup({ isTty: true, columns: 40 });
    advance(2000);
    progress.update(3 * MiB, { accepted: 123456 });
    expect(written).toEqual(['\rbulk 3.0 MiB  1.5 MiB/s  accepted 12345\x1b[K']);
  });
});

describe('createProgress elsewhere', () => {
  it('writes a plain line at most every 5 s, without \\r or escape codes, and nothing at finish', () => {
    const { progress, written, advance } = setup({ isTty: false, total: 4 * MiB });
    progress.update(MiB, { accepted: 5 });
    advance(4999);
    progress.update(2 * MiB);
    advance(1);
    progress.update(2 * MiB, { rejected: 2 });
    advance(4000);
    progress.update(3 * MiB);
    advance(1000);
    progress.update(4 * MiB);
    progress.finish();
    expect(written).toEqual([
      'bulk:  50%, 2.0 MiB/4.0 MiB, 409.6 KiB/s, accepted 5, duplicates 0, rejected 2\n',
      'bulk: 100%, 4.0 MiB/4.0 MiB, 409.6 KiB/s, accepted 5, duplicates 0, rejected 2\n',
    ]);
  });

  it('reports bytes alone when neither total nor counts are known', () => {
    const { progress, written, advance } = setup({ isTty: false });
    advance(5000);
    progress.update(700);
    expect(written).toEqual(['bulk: 700 B, 140 B/s\n']);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [5 * MiB, '5.0 MiB'],
    [3 * 1024 * MiB, '3.0 GiB'],
    [4096 * 1024 * MiB, '4096.0 GiB'],
  ])('shows %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
