// The send journal as an append-only file of "seq attempt" lines, compacted to its unsettled lines as it grows.
// Lines are made durable in groups: one write and one fdatasync for every attempt recorded meanwhile.
import {
  closeSync,
  existsSync,
  fdatasync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SendJournal, SentAttempt } from '../../core/ports/send-journal.js';

/** Past this size the file is rewritten with only the attempts still unsettled (a few dozen lines). */
const COMPACT_AT_BYTES = 1 << 20;

export class FileSendJournal implements SendJournal {
  private fd: number | undefined;
  private bytes = 0;
  /** Attempts recorded and not settled yet, seq → attempt: what a compaction keeps. */
  private readonly open = new Map<number, number>();
  /** Lines recorded and not yet written, and the promise the group that will write them settles. */
  private queued = '';
  private gathering: Promise<void> | undefined;
  /** The group being written and synced: the next one starts once it ends, so syncs never overlap. */
  private syncing: Promise<void> = Promise.resolve();

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

  /**
   * Resolves once the line is on the disk (fdatasync), so a request sent after it is known to a restart even after
   * a power loss. The lines of one turn of the event loop, and all those recorded while the previous group syncs,
   * share one write and one sync; the sync runs off the event loop.
   */
  sent(seq: number, attempt: number): Promise<void> {
    if (this.fd === undefined) return Promise.reject(new Error('the send journal was not begun'));
    this.open.set(seq, attempt);
    this.queued += `${seq} ${attempt}\n`;
    if (this.gathering === undefined) {
      const group = this.syncing
        .then(() => new Promise<void>((turn) => setImmediate(turn)))
        .then(() => {
          this.gathering = undefined;
          return this.write();
        });
      this.gathering = group;
      this.syncing = group.catch(() => undefined);
    }
    return this.gathering;
  }

  settled(seqs: readonly number[]): void {
    for (const seq of seqs) this.open.delete(seq);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Appends the queued lines in one write and syncs them (a compaction, when due, writes them with the rest). */
  private async write(): Promise<void> {
    const text = this.queued;
    this.queued = '';
    const fd = this.fd;
    if (fd === undefined) throw new Error('the send journal was closed before its lines were written');
    if (this.bytes >= COMPACT_AT_BYTES) return this.rewrite();
    this.bytes += writeSync(fd, text, null, 'latin1');
    await new Promise<void>((done, fail) => fdatasync(fd, (err) => (err ? fail(err) : done())));
  }

  /** Replaces the file (atomically, by rename, synced with its directory) with the unsettled attempts. */
  private rewrite(): void {
    const text = [...this.open].map(([seq, attempt]) => `${seq} ${attempt}\n`).join('');
    const next = `${this.file}.next`;
    const fd = openSync(next, 'w', 0o600);
    try {
      writeSync(fd, text, null, 'latin1');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(next, this.file);
    const dir = openSync(dirname(this.file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = openSync(this.file, 'a', 0o600);
    this.bytes = text.length;
  }
}
