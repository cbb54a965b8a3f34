// A bulk run against a Ferry child process: a subscription to the simulator, N Messages in one upload, the tally.
import { expect } from 'vitest';
import type { FerryProcess } from './ferry-process.js';
import { createdId, simSubscription, untilSettled } from './sim-subscription.js';

/** Throttle settings that leave it out of the way (1,000,000 calls a second). */
export const THROTTLE_OFF = { throttleLimit: 1_000_000, throttleSeconds: 1 };

/** Creates a subscription to the simulator at `simUrl` (throttle off unless `settings` say); resolves its id. */
export async function subscribeTo(
  ferry: FerryProcess,
  token: string,
  simUrl: string,
  name: string,
  settings: Record<string, unknown> = THROTTLE_OFF,
): Promise<string> {
  const created = await ferry.api(
    'POST',
    '/subscriptions?test=false',
    token,
    simSubscription(name, simUrl, settings),
  );
  return createdId(created);
}

/** Deletes the subscription, so Messages sent later go only to the others. */
export async function unsubscribe(ferry: FerryProcess, token: string, id: string): Promise<void> {
  const res = await ferry.api('DELETE', `/subscriptions/${id}`, token);
  expect(res.status).toBe(204);
}

/** The text the simulator receives for Message `${prefix}-${i}`: `${prefix} ${i}` (see `sentId`). */
export const textOf = (prefix: string, i: number): string => `${prefix} ${i}`;

/** The Message id a received text belongs to. */
export const sentId = (prefix: string, text: string): string => text.replace(`${prefix} `, `${prefix}-`);

/** Uploads `n` Messages `${prefix}-0…` as one NDJSON bulk request and expects every one accepted. */
export async function bulkSend(ferry: FerryProcess, token: string, prefix: string, n: number): Promise<void> {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      Id: `${prefix}-${i}`,
      Text: textOf(prefix, i),
      CustomFields: { 'Moveworks Message Recipients': 'a@example.com' },
    }),
  );
  const bulk = await ferry.api('POST', '/messages/bulk', token, lines.join('\n'), 'application/x-ndjson');
  expect(await bulk.json()).toMatchObject({ accepted: n, duplicates: 0, rejectedCount: 0 });
}

/** The subscription's transfer counts by status. */
export async function transferCounts(
  ferry: FerryProcess,
  token: string,
  id: string,
): Promise<Record<string, number>> {
  const sub = (await (await ferry.api('GET', `/subscriptions/${id}`, token)).json()) as {
    transfers: Record<string, number>;
  };
  return sub.transfers;
}

/** Waits until none of the subscription's transfers is queued or sending; resolves the counts. */
export async function settledCounts(
  ferry: FerryProcess,
  token: string,
  id: string,
  timeoutMs: number,
): Promise<Record<string, number>> {
  return untilSettled(() => transferCounts(ferry, token, id), timeoutMs, 200);
}

/** The Message ids of every transfer with this status (of one subscription, if given), read page by page. */
export async function messageIdsWithStatus(
  f: FerryProcess,
  token: string,
  status: string,
  subscription?: string,
): Promise<string[]> {
  const ids: string[] = [];
  const of = subscription === undefined ? '' : `&subscription=${subscription}`;
  let before: number | undefined;
  for (;;) {
    const res = await f.api(
      'GET',
      `/transfers?status=${status}${of}&limit=1000${before ? `&before=${before}` : ''}`,
      token,
    );
    const page = (await res.json()) as { items: { messageId: string }[]; next?: number };
    ids.push(...page.items.map((t) => t.messageId));
    if (page.next === undefined) return ids;
    before = page.next;
  }
}

/**
 * Expects the run to have settled with every one of `n` Messages delivered or unconfirmed, none received twice,
 * every delivered one received and nothing received that was not sent (`received`: the Message ids the simulator
 * got for this subscription); resolves both counts.
 */
export async function expectOnceOrUnconfirmed(
  ferry: FerryProcess,
  token: string,
  received: readonly string[],
  n: number,
  subscription?: string,
): Promise<{ delivered: number; unconfirmed: number }> {
  const delivered = await messageIdsWithStatus(ferry, token, 'delivered', subscription);
  const unconfirmed = await messageIdsWithStatus(ferry, token, 'unconfirmed', subscription);
  expect(delivered.length + unconfirmed.length).toBe(n);
  const settled = new Set([...delivered, ...unconfirmed]);
  expect(settled.size).toBe(n);
  expect(new Set(received).size).toBe(received.length);
  expect(received.filter((m) => !settled.has(m))).toEqual([]);
  const arrived = new Set(received);
  expect(delivered.filter((m) => !arrived.has(m))).toEqual([]);
  return { delivered: delivered.length, unconfirmed: unconfirmed.length };
}
