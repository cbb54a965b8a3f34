// The send journal as an append-only file of "seq attempt" lines, compacted to its unsettled lines as it grows.
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SendJournal, SentAttempt } from '../../core/ports/send-journal.js';

/** Past this size the file is rewritten with only the attempts still unsettled (a few dozen lines). */
const COMPACT_AT_BYTES = 1 << 20;

export class FileSendJournal implements SendJournal {
  private fd: number | undefined;
  private bytes = 0;
  /** Attempts written and not settled yet, seq → attempt: what a compaction keeps. */
  private readonly open = new Map<number, number>();

  constructor(private readonly file: string) {}

  /** The journal of the database in a data directory (see SqliteStorage.fileIn). */
  static fileIn(dataDir: string): string {
    return join(resolve(dataDir), 'ferry.sent');
  }

  previous(): readonly SentAttempt[] | undefined {
    if (!existsSync(this.file)) return undefined;
    const entries: SentAttempt[] = [];
    // Only lines ended by a newline count: a torn last line (cut mid-write) could read as another attempt.
    const lines = readFileSync(this.file, 'latin1').split('\n').slice(0, -1);
    for (const line of lines) {
      const match = /^(\d+) (\d+)$/.exec(line);
      if (match) entries.push({ seq: Number(match[1]), attempt: Number(match[2]) });
    }
    return entries;
  }

  begin(): void {
    this.close();
    this.open.clear();
    this.rewrite();
  }

  sent(seq: number, attempt: number): void {
    if (this.fd === undefined) throw new Error('the send journal was not begun');
    if (this.bytes >= COMPACT_AT_BYTES) this.rewrite();
    this.open.set(seq, attempt);
    this.bytes += writeSync(this.fd, `${seq} ${attempt}\n`, null, 'latin1');
  }

  settled(seqs: readonly number[]): void {
    for (const seq of seqs) this.open.delete(seq);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Replaces the file (atomically, by rename) with the unsettled attempts and appends from there. */
  private rewrite(): void {
    const text = [...this.open].map(([seq, attempt]) => `${seq} ${attempt}\n`).join('');
    const next = `${this.file}.next`;
    writeFileSync(next, text, { mode: 0o600 });
    renameSync(next, this.file);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = openSync(this.file, 'a', 0o600);
    this.bytes = text.length;
  }
}
