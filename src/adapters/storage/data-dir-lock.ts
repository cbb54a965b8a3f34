// One owner per data directory: an exclusive OS lock held for the life of the process, with its pid beside it.
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FerryError } from '../../core/errors.js';

/**
 * The lock is a SQLite file of its own held in `locking_mode = EXCLUSIVE`: SQLite takes a POSIX advisory lock
 * (fcntl) on it, which the kernel drops when the process ends however it ends, so a `kill -9` never leaves a
 * stale lock behind (a pid file or a lock directory, as proper-lockfile keeps, has to be judged stale by age).
 * better-sqlite3 is already Ferry's driver, so this needs no native addon of its own. The database file is not
 * locked itself: the dispatch and ingest threads of the holder open their own connections to it.
 */
export class DataDirLock {
  private constructor(
    private readonly db: Database.Database,
    private readonly pidFile: string,
  ) {}

  /** Takes the lock on `dataDir` at once, or throws ERR_STORAGE_LOCKED naming the holder; changes nothing then. */
  static acquire(dataDir: string): DataDirLock {
    const dir = resolve(dataDir);
    const file = join(dir, 'ferry.lock');
    const pidFile = join(dir, 'ferry.pid');
    const db = new Database(file, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      // The first write takes the exclusive lock, and in this mode it is kept until the connection closes.
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS owner (pid INTEGER); COMMIT');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
      const pid = readPid(pidFile);
      throw new FerryError(
        'ERR_STORAGE_LOCKED',
        `the data directory ${dir} is in use by another Ferry process (${pid === undefined ? 'pid unknown' : `pid ${pid}`}, lock ${file}); stop it first, or start this one with another --data-dir`,
      );
    }
    writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
    return new DataDirLock(db, pidFile);
  }

  /** Releases the lock (the process ending does too). */
  release(): void {
    if (!this.db.open) return;
    if (readPid(this.pidFile) === process.pid) rmSync(this.pidFile, { force: true });
    this.db.close();
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
