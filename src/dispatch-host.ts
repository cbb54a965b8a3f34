// The main thread's side of the dispatch thread: starts it, answers what it asks, and forwards what it is told.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FerryConfig } from './core/config.js';
import type { MoveworksPayload } from './core/moveworks.js';
import type { SendOutcome } from './core/ports/moveworks.js';
import type { Subscription } from './core/subscription.js';
import { PortRpc } from './adapters/thread/port-rpc.js';
import type { ConnectionTestResult } from './engine/connection-test.js';
import type { DeliveryControl } from './engine/dispatcher.js';
import type { MoveworksAccess } from './engine/subscription-runtime.js';

export interface DispatchThreadDeps {
  /** Where the thread's log lines go (already scrubbed there). */
  readonly logWrite: (line: string) => void;
  /** Every subscription, secrets unsealed: the thread holds no key. */
  readonly subscriptions: () => Promise<Subscription[]>;
  readonly markAuthFailed: (id: string, detail: string) => Promise<void>;
}

export interface DispatchThread {
  /** Connection Tests and Send Tests run in the thread, through the gates and token caches delivery uses. */
  readonly access: MoveworksAccess;
  readonly delivery: DeliveryControl;
  /** Closes the thread's clients and database connection and ends it; call after `delivery.stop()`. */
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * From the compiled build the thread runs `dispatch-thread.js`; from source (tests, `npm run bench`) it runs the
 * TypeScript file through tsx, registered inside the thread because loader flags do not reach workers.
 */
function spawn(config: FerryConfig): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./dispatch-thread.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const workerData = { config };
  if (!fromSource) return new Worker(entry, { workerData });
  const tsx = new URL(
    'dist/esm/api/index.mjs',
    pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

export async function startDispatchThread(
  config: FerryConfig,
  deps: DispatchThreadDeps,
): Promise<DispatchThread> {
  const worker = spawn(config);
  let ready: () => void = () => undefined;
  const started = new Promise<void>((done) => (ready = done));
  const rpc = new PortRpc(worker, {
    ready: () => ready(),
    log: (line: string) => deps.logWrite(line),
    subscriptions: () => deps.subscriptions(),
    markAuthFailed: (id: string, detail: string) => deps.markAuthFailed(id, detail),
  });
  let failed: (err: Error) => void = () => undefined;
  const failure = new Promise<never>((_, fail) => (failed = fail));
  failure.catch(() => undefined);
  worker.on('error', (err) => {
    const reason = new Error(`the dispatch thread failed: ${err.message}`);
    rpc.close(reason);
    failed(reason);
  });
  worker.on('exit', (code) => {
    const reason = new Error(`the dispatch thread ended (exit code ${code})`);
    rpc.close(reason);
    failed(reason);
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error('the dispatch thread did not start within 30 s')),
      START_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([started, failure, timeout]);
  } catch (err) {
    await worker.terminate();
    throw err;
  } finally {
    clearTimeout(timer);
  }

  return {
    access: {
      test: (sub, saved) => rpc.call<ConnectionTestResult>('test', sub, saved),
      send: (sub, payload: MoveworksPayload) => rpc.call<SendOutcome>('send', sub, payload),
      forget: (id) => rpc.cast('forget', id),
    },
    delivery: {
      start: () => rpc.call('start'),
      notify: (ids, appended) => rpc.cast('notify', ids, appended),
      changed: () => rpc.cast('changed'),
      stop: (graceMs) => rpc.call('stop', graceMs),
    },
    async close() {
      await rpc.call('close').catch(() => undefined);
      await worker.terminate();
    },
  };
}
