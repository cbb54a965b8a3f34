// Subscriptions to the Moveworks simulator as the tests create them, and the wait for their transfers to settle.
import { expect } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID } from '../../src/sim/index.js';

/** The body creating `Moveworks - ${name}` against the simulator at `simUrl`, with the demo credentials. */
export const simSubscription = (name: string, simUrl: string, settings: Record<string, unknown>) => ({
  name: `Moveworks - ${name}`,
  apiUrl: simUrl,
  clientId: DEMO_CLIENT_ID,
  clientSecret: DEMO_CLIENT_SECRET,
  defaultEventId: DEMO_EVENT_ID,
  ...settings,
});

/** Expects the subscription created (201, the body in the message otherwise); resolves its id. */
export async function createdId(res: Response): Promise<string> {
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body.id;
}

/** Polls the transfer counts until none is queued or sending; resolves the last counts read. */
export async function untilSettled(
  readCounts: () => Promise<Record<string, number>>,
  timeoutMs: number,
  intervalMs: number,
): Promise<Record<string, number>> {
  let counts: Record<string, number> = {};
  await expect
    .poll(
      async () => {
        counts = await readCounts();
        return (counts.queued ?? 0) + (counts.sending ?? 0);
      },
      { timeout: timeoutMs, interval: intervalMs },
    )
    .toBe(0);
  return counts;
}
