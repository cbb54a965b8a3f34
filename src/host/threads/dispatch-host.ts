// The main thread's side of the dispatch thread: starts it, answers what it asks, and forwards what it is told.
import type { Worker } from 'node:worker_threads';
import type { FerryConfig } from '../../core/config.js';
import { FerryError } from '../../core/errors.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import type { ConnectionTestResult } from '../../engine/subscriptions/connection-test.js';
import type { DeliveryControl } from '../../engine/delivery/dispatcher.js';
import type { MoveworksAccess } from '../../engine/delivery/subscription-runtime.js';
import { launchThread, spawnThread, type RunningThread } from './thread-host.js';

export interface DispatchThreadDeps {
  /** Where the thread's log lines go (scrubbed there already, with the secrets it learnt). */
  readonly logWrite: (line: string) => void;
  /** Every subscription, secrets unsealed: the thread holds no key. */
  readonly subscriptions: () => Promise<Subscription[]>;
  readonly markAuthFailed: (id: string, detail: string) => Promise<void>;
  /** The thread ended without being asked to (or a replacement failed to start); another follows shortly. */
  readonly onCrash: (reason: Error) => void;
  /** Makes the worker; by default `spawnDispatchThread`. */
  readonly spawn?: (config: FerryConfig) => Worker;
}

export interface DispatchThread {
  /** Connection Tests and Send Tests run in the thread, through the gates and token caches delivery uses. */
  readonly access: MoveworksAccess;
  readonly delivery: DeliveryControl;
  /** Delivery's counters as prom-client JSON; [] while the thread is being replaced (its counts start again). */
  metrics(): Promise<unknown[]>;
  /** Closes the thread's clients and database connection and ends it; call after `delivery.stop()`. */
  close(): Promise<void>;
}

/** Wait before replacing a thread that ended, so a thread that cannot run does not spin. */
export const RESTART_DELAY_MS = 1_000;

/** The dispatch thread's worker, from the build or (tests, `npm run bench`) from source (see spawnThread). */
export function spawnDispatchThread(config: FerryConfig): Worker {
  return spawnThread('dispatch-thread', config);
}

/** Why a call to the dispatch thread failed: it ended, and calls fail until its replacement is ready. */
const unavailable = (message: string): FerryError => new FerryError('ERR_DELIVERY_UNAVAILABLE', message);

/** One thread, started and ready; `ended` is told once if it ends after that. */
function launch(
  config: FerryConfig,
  deps: DispatchThreadDeps,
  ended: (reason: Error) => void,
): Promise<RunningThread> {
  return launchThread({
    spawn: () => (deps.spawn ?? spawnDispatchThread)(config),
    handlers: {
      log: (line: string) => deps.logWrite(line),
      subscriptions: () => deps.subscriptions(),
      markAuthFailed: (id: string, detail: string) => deps.markAuthFailed(id, detail),
    },
    name: 'the dispatch thread',
    unavailable,
    ended,
  });
}

/**
 * Starts the dispatch thread and keeps one running: a thread that ends without being closed (an uncaught error,
 * running out of memory) is reported and replaced after RESTART_DELAY_MS, and the replacement resumes delivery
 * as after a crash (requests that were in flight become `unconfirmed`, or go back to the queue). Calls made
 * meanwhile fail with the reason; notifications are dropped, since a starting dispatcher reads everything anew.
 */
export async function startDispatchThread(
  config: FerryConfig,
  deps: DispatchThreadDeps,
): Promise<DispatchThread> {
  let closing = false;
  let delivering = false;
  let restarting: Promise<void> | undefined;
  const replace = async (): Promise<void> => {
    for (;;) {
      await new Promise((r) => setTimeout(r, RESTART_DELAY_MS));
      if (closing) return;
      try {
        current = await launch(config, deps, ended);
        if (delivering) await current.rpc.call('start');
        return;
      } catch (err) {
        deps.onCrash(err instanceof Error ? err : new Error(String(err)));
      }
    }
  };
  const ended = (reason: Error): void => {
    if (closing) return;
    deps.onCrash(reason);
    restarting ??= replace().finally(() => (restarting = undefined));
  };
  let current = await launch(config, deps, ended);
  const rpc = () => current.rpc;

  return {
    access: {
      test: (sub, saved) => rpc().call<ConnectionTestResult>('test', sub, saved),
      send: (sub, payload: unknown) => rpc().call<SendOutcome>('send', sub, payload),
      forget: (id) => rpc().cast('forget', id),
    },
    delivery: {
      start: () => {
        delivering = true;
        return rpc().call('start');
      },
      notify: (ids, appended) => rpc().cast('notify', ids, appended),
      changed: () => rpc().call('changed'),
      stop: async (graceMs) => {
        delivering = false;
        const running = current;
        // A thread that has ended has nothing in flight left to wait for.
        await running.rpc.call('stop', graceMs).catch((err: unknown) => {
          if (running.alive()) throw err;
        });
      },
    },
    metrics: () =>
      rpc()
        .call<unknown[]>('metrics')
        .catch(() => []),
    async close() {
      closing = true;
      await restarting;
      await rpc()
        .call('close')
        .catch(() => undefined);
      await current.worker.terminate();
    },
  };
}
