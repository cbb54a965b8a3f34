import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSendJournal } from './file-send-journal.js';

const fresh = () => FileSendJournal.fileIn(mkdtempSync(join(tmpdir(), 'ferry-journal-')));

describe('FileSendJournal', () => {
  it('reports no previous journal in a data directory that never had one', () => {
    expect(new FileSendJournal(fresh()).previous()).toBeUndefined();
  });

  it('keeps what was sent for the next run, skipping a line torn by a crash', async () => {
    const file = fresh();
    const journal = new FileSendJournal(file);
    journal.begin();
    await journal.sent(7, 1);
    await journal.sent(8, 3);
    appendFileSync(file, '9 ');
    const next = new FileSendJournal(file);
    expect(next.previous()).toEqual([
      { seq: 7, attempt: 1 },
      { seq: 8, attempt: 3 },
    ]);
    next.begin();
    expect(next.previous()).toEqual([]);
    journal.close();
    next.close();
  });

  it('ignores a last line without its newline, which could read as a different attempt', () => {
    const file = fresh();
    writeFileSync(file, '5 12\n6 1');
    expect(new FileSendJournal(file).previous()).toEqual([{ seq: 5, attempt: 12 }]);
  });

  it('writes the attempts of one turn together, before any of them resolves', async () => {
    const file = fresh();
    const journal = new FileSendJournal(file);
    journal.begin();
    const first = journal.sent(1, 1);
    const second = journal.sent(2, 1);
    expect(readFileSync(file, 'latin1')).toBe('');
    await first;
    expect(readFileSync(file, 'latin1')).toBe('1 1\n2 1\n');
    await second;
    journal.close();
  });

  it('compacts to the unsettled attempts once the file grows past 1 MiB', async () => {
    const file = fresh();
    const journal = new FileSendJournal(file);
    journal.begin();
    await journal.sent(1, 1);
    // A thousand attempts a turn, each settled once written, as a busy lane records and settles them.
    for (let seq = 2; seq < 200_000; seq += 1_000) {
      const turn = Array.from({ length: 1_000 }, (_, i) => seq + i);
      await Promise.all(turn.map((s) => journal.sent(s, 1)));
      journal.settled(turn);
    }
    await journal.sent(200_000, 2);
    expect(statSync(file).size).toBeLessThan(1 << 20);
    const kept = new FileSendJournal(file).previous() ?? [];
    expect(kept).toContainEqual({ seq: 1, attempt: 1 });
    expect(kept).toContainEqual({ seq: 200_000, attempt: 2 });
    expect(kept).not.toContainEqual({ seq: 2, attempt: 1 });
    journal.close();
  });

  it('refuses to record before begin, so no run appends to the previous run’s journal', async () => {
    const file = fresh();
    writeFileSync(file, '5 1\n');
    const journal = new FileSendJournal(file);
    await expect(journal.sent(6, 1)).rejects.toThrow(/not begun/);
    expect(readFileSync(file, 'latin1')).toBe('5 1\n');
  });

  it('refuses the attempts of a turn it was closed in, so none of them is sent', async () => {
    const file = fresh();
    const journal = new FileSendJournal(file);
    journal.begin();
    const late = journal.sent(3, 1);
    journal.close();
    await expect(late).rejects.toThrow(/closed/);
    expect(readFileSync(file, 'latin1')).toBe('');
  });
});
