// Which thread set the pace: the CPU each thread of this process used over a timed part, from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

/** Shares of one core over the timed part (1 = a whole core busy all along). */
export interface ThreadShares {
  /** The main thread: the simulator, the load generator and Ferry's API. */
  readonly main: number;
  /** The busiest other thread: Ferry's dispatch thread in the end-to-end and delivery-alone sections. */
  readonly busiest: number;
  /** Every other thread together: Ferry's ingest thread, V8's helpers (GC, compiler), libuv's pool. */
  readonly rest: number;
}

/** /proc's CPU times count in clock ticks of 1/100 s on Linux (USER_HZ, the same on every architecture). */
const TICKS_PER_SECOND = 100;

/** User and system CPU ticks of each thread of this process, by thread id; empty where /proc is not there. */
function threadTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return ticks;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      // The thread's name, in parentheses, may hold spaces: the fields that count start after its last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks.set(Number(tid), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ticks;
}

/**
 * Starts a measure; the function it returns gives each thread's share since then, or undefined without /proc.
 * Threads that ended meanwhile are not counted, so call it before the section's Ferry closes.
 */
export function measureThreads(): () => ThreadShares | undefined {
  const before = threadTicks();
  const started = performance.now();
  return () => {
    const after = threadTicks();
    const seconds = (performance.now() - started) / 1_000;
    if (after.size === 0 || seconds <= 0) return undefined;
    const share = (ticks: number) => ticks / TICKS_PER_SECOND / seconds;
    let main = 0;
    const others: number[] = [];
    for (const [tid, ticks] of after) {
      const used = share(ticks - (before.get(tid) ?? 0));
      if (tid === process.pid) main = used;
      else others.push(used);
    }
    const busiest = Math.max(0, ...others);
    const rest = others.reduce((sum, used) => sum + used, 0) - busiest;
    return { main, busiest, rest };
  };
}
