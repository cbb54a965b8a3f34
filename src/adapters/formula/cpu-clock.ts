// CPU time of the calling thread, so a formula's budget counts its own work and not time the host was descheduled.
import { closeSync, openSync, readSync } from 'node:fs';

const SCHEDSTAT = '/proc/thread-self/schedstat';
const buffer = Buffer.alloc(64);
/**
 * Opened once per thread: the kernel resolves `thread-self` at open, so the descriptor keeps naming the thread
 * (worker threads load their own copy of this module). undefined until first read, null when unavailable.
 */
let schedstat: number | null | undefined;

/**
 * Milliseconds of CPU the current thread has used, from Linux's schedstat (nanoseconds, about 2 µs a read on a
 * kept descriptor). Elsewhere it falls back to process.cpuUsage(), which counts every thread of the process: an
 * over-estimate, so a formula may time out early on a busy multi-threaded process there, never later.
 */
export function threadCpuMs(): number {
  if (schedstat === undefined) schedstat = openSchedstat();
  if (schedstat !== null) {
    const length = readSync(schedstat, buffer, 0, buffer.length, 0);
    const text = buffer.toString('latin1', 0, length);
    const nanoseconds = Number(text.slice(0, text.indexOf(' ')));
    if (Number.isFinite(nanoseconds)) return nanoseconds / 1e6;
  }
  const { user, system } = process.cpuUsage();
  return (user + system) / 1_000;
}

function openSchedstat(): number | null {
  try {
    const fd = openSync(SCHEDSTAT, 'r');
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length > 0 && /^\d+ /.test(buffer.toString('latin1', 0, length))) return fd;
    closeSync(fd);
  } catch {
    // No procfs or no schedstat (a kernel without CONFIG_SCHED_INFO): fall back below.
  }
  return null;
}
