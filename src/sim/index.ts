// The Moveworks simulator: a faithful stand-in for the Events API (moveworks.md section 1) for demos, tests, benchmarks.
import type { AddressInfo } from 'node:net';
import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { SimulatorOptionsInput } from './sim-options.js';
import { parseSimulatorOptions } from './sim-options.js';
import { createSimServer } from './sim-server.js';
import { SimCore } from './sim-core.js';
import type { SimState } from './sim-view.js';

export {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_EVENT_ID,
  DEMO_LISTENER_ID,
  faultPatchSchema,
  parseSimulatorOptions,
  simulatorOptionsSchema,
} from './sim-options.js';
export type { FaultPatch, SimulatorOptions, SimulatorOptionsInput } from './sim-options.js';
export type { FaultSnapshot } from './fault-plan.js';
export type { SimEndpoint, SimStats } from './sim-stats.js';
export type { ReceivedMessage, ReceivedNotification, SimFaults, SimState } from './sim-view.js';
export { MAX_MESSAGE_CHARS, MAX_RECIPIENTS } from './send-body.js';
export { API_KEY_CLIENT_ID } from './token-store.js';
export { maxInWindow } from './sliding-window.js';

export type StartSimulatorOptions = SimulatorOptionsInput & {
  /** Time for token expiry, rate-limit windows, storms and receive times; default the system clock. */
  readonly clock?: Clock;
};

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:54321`; use it as Ferry's `API URL`. */
  readonly url: string;
  readonly port: number;
  /** In-process inspection and control; the same as the /_sim endpoints. */
  readonly state: SimState;
  /** Stops listening and drops every connection, hanging ones included. */
  close(): Promise<void>;
}

/** Validates the options (throws ConfigError listing every problem), then listens. */
export async function startSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const { clock = systemClock, ...rest } = options;
  const resolved = parseSimulatorOptions(rest);
  const state = new SimCore(resolved, clock);
  const server = createSimServer(state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      server.closeAllConnections();
    }));
  return { url: `http://${host}:${port}`, port, state, close };
}
