// A Ferry server and a Moveworks simulator started together, with helpers to create subscriptions and send.
import { expect } from 'vitest';
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../../src/sim/index.js';
import type { ServerOptions } from '../../src/host/server.js';
import { startTestFerry, type TestFerry } from './ferry-server.js';
import { createdId, simSubscription, untilSettled } from './sim-subscription.js';

export interface DeliveryRig {
  readonly sim: RunningSimulator;
  ferry: TestFerry;
  /** Creates a subscription against the simulator (Connection Test included unless `test` is false). */
  subscribe(settings?: Record<string, unknown>, test?: boolean): Promise<string>;
  /** POSTs a Message to Ferry with the given recipients; resolves the response body. */
  send(id: string, to: string | string[], extra?: Record<string, unknown>): Promise<IngestBody>;
  /** Waits until every transfer of the subscription has left `queued` and `sending`. */
  settled(subscriptionId: string, timeoutMs?: number): Promise<Record<string, number>>;
  transfers(query?: string): Promise<TransferBody[]>;
  restart(env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export interface IngestBody {
  id: string;
  duplicate: boolean;
  transfers: { trackingId: string; status: string; part: number; parts: number; error?: string }[];
}

export interface TransferBody {
  trackingId: string;
  messageId: string;
  status: string;
  attempts: number;
  httpStatus?: number;
  errorCode?: string;
  errorText?: string;
}

export async function startDeliveryRig(
  simOptions: StartSimulatorOptions = {},
  env: Record<string, string> = {},
  serverOptions: Omit<ServerOptions, 'logWrite'> = {},
): Promise<DeliveryRig> {
  const sim = await startSimulator({ rateLimit: 0, ...simOptions });
  const rig: DeliveryRig = {
    sim,
    ferry: await startTestFerry(env, undefined, undefined, serverOptions),
    async subscribe(settings = {}, test = true) {
      const name = `Test ${Math.random().toString(36).slice(2, 8)}`;
      const body = simSubscription(name, sim.url, settings);
      return createdId(await rig.ferry.api('POST', `/subscriptions?test=${String(test)}`, body));
    },
    async send(id, to, extra = {}) {
      const recipients = Array.isArray(to) ? to.join(',') : to;
      const res = await rig.ferry.api('POST', '/messages', {
        Id: id,
        Text: `message ${id}`,
        CustomFields: { 'Moveworks Message Recipients': recipients },
        ...extra,
      });
      expect([200, 202]).toContain(res.status);
      return (await res.json()) as IngestBody;
    },
    async settled(subscriptionId, timeoutMs = 15_000) {
      const counts = async () => {
        const res = await rig.ferry.api('GET', `/subscriptions/${subscriptionId}`);
        return ((await res.json()) as { transfers: Record<string, number> }).transfers;
      };
      return untilSettled(counts, timeoutMs, 50);
    },
    async transfers(query = '') {
      const res = await rig.ferry.api('GET', `/transfers${query}`);
      return ((await res.json()) as { items: TransferBody[] }).items;
    },
    async restart(env2 = env) {
      const { dataDir, token } = rig.ferry;
      await rig.ferry.server.close();
      rig.ferry = await startTestFerry(env2, dataDir, token, serverOptions);
    },
    async close() {
      await rig.ferry.server.close();
      await sim.close();
    },
  };
  return rig;
}
