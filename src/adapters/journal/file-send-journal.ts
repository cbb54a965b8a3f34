// The send journal as an append-only file of "seq attempt" lines, compacted to its unsettled lines as it grows.
// The attempts recorded in one turn of the event loop share one write: one system call, not one per request.
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SendJournal, SentAttempt } from '../../core/ports/send-journal.js';

/** Past this size the file is rewritten with only the attempts still unsettled (a few dozen lines). */
const COMPACT_AT_BYTES = 1 << 20;

export class FileSendJournal implements SendJournal {
  private fd: number | undefined;
  private bytes = 0;
  /** Attempts recorded and not settled yet, seq → attempt: what a compaction keeps. */
  private readonly open = new Map<number, number>();
  /** Lines recorded this turn of the event loop, and the promise their one write settles. */
  private queued = '';
  private writing: Promise<void> | undefined;

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

  sent(seq: number, attempt: number): Promise<void> {
    if (this.fd === undefined) return Promise.reject(new Error('the send journal was not begun'));
    this.open.set(seq, attempt);
    this.queued += `${seq} ${attempt}\n`;
    return (this.writing ??= new Promise<void>((done, fail) =>
      setImmediate(() => {
        this.writing = undefined;
        try {
          this.write();
          done();
        } catch (err) {
          fail(err instanceof Error ? err : new Error(String(err)));
        }
      }),
    ));
  }

  settled(seqs: readonly number[]): void {
    for (const seq of seqs) this.open.delete(seq);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Appends this turn's lines in one write (a compaction, when due, writes them with the rest). */
  private write(): void {
    const text = this.queued;
    this.queued = '';
    if (this.fd === undefined) throw new Error('the send journal was closed before its lines were written');
    if (this.bytes >= COMPACT_AT_BYTES) this.rewrite();
    else this.bytes += writeSync(this.fd, text, null, 'latin1');
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
