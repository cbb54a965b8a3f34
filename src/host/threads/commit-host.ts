// The dispatch thread's side of the commit thread: delivery's SQLite commits, made off its event loop.
import type { Worker } from 'node:worker_threads';
import type { CommitTurn, DeliveryStore } from '../../core/ports/delivery-storage.js';
import { FerryError } from '../../core/errors.js';
import type { Lease } from '../../core/ports/transfer-lease.js';
import { launchThread, spawnThread, THREAD_YOUNG_GENERATION_MB, type RunningThread } from './thread-host.js';

/**
 * A commit of 100 to 250 transfers (claims, attempt ends, activity lines) took about 2 ms of the dispatch
 * thread, WAL sync included, and every answer that arrived meanwhile waited: about a fifth of delivery's time
 * at full speed. On a thread of its own the commit runs beside the sends. The thread is small (better-sqlite3
 * and the claim statements, about 9 MB); the order of commits is kept, since the port delivers them in order.
 */
export interface CommitThread {
  readonly commit: DeliveryStore['commit'];
  readonly renew: DeliveryStore['renew'];
  close(): Promise<void>;
}

/** Why a commit failed: the thread ended, so the dispatch thread ends too and is replaced (see dispatch-host). */
const unavailable = (message: string): FerryError => new FerryError('ERR_DELIVERY_UNAVAILABLE', message);

/** The commit thread's worker, its young generation held small like the others' (it holds a turn at a time). */
const spawnCommitThread = (file: string): Worker =>
  spawnThread('commit-thread', { file }, { maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MB });

/** Starts the commit thread on the database `file`; `ended` is told once if it ends without being closed. */
export async function startCommitThread(
  file: string,
  ended: (reason: Error) => void,
  spawn: (file: string) => Worker = spawnCommitThread,
): Promise<CommitThread> {
  let closing = false;
  const thread: RunningThread = await launchThread({
    spawn: () => spawn(file),
    handlers: {},
    name: 'the commit thread',
    unavailable,
    ended: (reason) => {
      if (!closing) ended(reason);
    },
  });
  return {
    commit: async (turn: CommitTurn) => new Set(await thread.rpc.call<number[]>('commit', turn)),
    renew: (lease: Lease) => thread.rpc.call<number>('renew', lease),
    close: async () => {
      closing = true;
      if (thread.alive()) await thread.rpc.call('close').catch(() => undefined);
      await thread.worker.terminate();
    },
  };
}

/** The delivery store with its commits and lease renewals made by `thread`; reads stay on this connection. */
export function committingThrough(delivery: DeliveryStore, thread: CommitThread): DeliveryStore {
  return { ...delivery, commit: thread.commit, renew: thread.renew };
}
