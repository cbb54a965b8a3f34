// Bulk uploads run on the ingest thread: one that ends mid-upload fails that upload with a stable code, keeps what
// was stored, and the next upload gets a new thread. The thread never receives a subscription's secrets.
import { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { request } from 'undici';
import { afterAll, expect, it } from 'vitest';
import { spawnIngestThread } from '../../src/host/threads/ingest-host.js';
import { DEMO_CLIENT_SECRET } from '../../src/sim/index.js';
import { startDeliveryRig } from '../support/delivery-rig.js';

const workers: Worker[] = [];
/** Everything the main thread posted to any ingest thread. */
const posted: unknown[] = [];
const rig = await startDeliveryRig(
  {},
  {},
  {
    spawnIngestThread: (config) => {
      const worker = spawnIngestThread(config);
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (value: unknown) => {
        posted.push(value);
        post(value);
      };
      workers.push(worker);
      return worker;
    },
  },
);
afterAll(() => rig.close());

const line = (prefix: string, i: number) =>
  `${JSON.stringify({ Id: `${prefix}-${i}`, Text: `${prefix} ${i}`, CustomFields: { 'Moveworks Message Recipients': 'a@example.com' } })}\n`;

/** POSTs an NDJSON body to the bulk endpoint; resolves the status and the parsed answer. */
async function bulk(body: Readable | string) {
  const res = await request(`${rig.ferry.server.url}/api/v1/messages/bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${rig.ferry.token}`, 'content-type': 'application/x-ndjson' },
    body,
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

it('fails the upload a dying ingest thread was reading with 503, keeps its stored batches, and starts another thread for the next', async () => {
  const sub = await rig.subscribe({ throttleLimit: 1_000_000, throttleSeconds: 1 });
  // Started with Ferry, before any upload.
  expect(workers).toHaveLength(1);

  const source = new Readable({ read: () => undefined });
  const answer = bulk(source);
  // Two batches of 500: stored, and delivered from there while the upload goes on.
  source.push(Array.from({ length: 1_000 }, (_, i) => line('first', i)).join(''));
  await expect.poll(() => rig.sim.state.messagesAccepted(), { timeout: 15_000 }).toBe(1_000);
  expect(workers).toHaveLength(1);

  await workers[0]?.terminate();
  source.push(Array.from({ length: 300 }, (_, i) => line('lost', i)).join(''));
  source.push(null);
  const failed = await answer;
  expect(failed.status).toBe(503);
  expect(failed.body.code).toBe('ERR_INGEST_UNAVAILABLE');

  const next = await bulk(Array.from({ length: 10 }, (_, i) => line('second', i)).join(''));
  expect(next.status).toBe(200);
  expect(next.body).toMatchObject({ accepted: 10, duplicates: 0, rejectedCount: 0 });
  expect(workers).toHaveLength(2);
  expect(await rig.settled(sub)).toEqual({ delivered: 1_010 });
  expect(rig.ferry.logs.some((l) => l.includes('the ingest thread stopped'))).toBe(true);

  // The thread got the subscription (to plan its transfers), never its Client Secret.
  const crossed = JSON.stringify(posted);
  expect(crossed).toContain(sub);
  expect(crossed).not.toContain(DEMO_CLIENT_SECRET);
}, 60_000);

it('keeps the ingest thread serving when a client goes away mid-upload', async () => {
  const sub = await rig.subscribe({ throttleLimit: 1_000_000, throttleSeconds: 1 });
  const before = workers.length;
  const source = new Readable({ read: () => undefined });
  const controller = new AbortController();
  const answer = request(`${rig.ferry.server.url}/api/v1/messages/bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${rig.ferry.token}`, 'content-type': 'application/x-ndjson' },
    body: source,
    signal: controller.signal,
  });
  source.push(Array.from({ length: 500 }, (_, i) => line('gone', i)).join(''));
  // The first batch is stored, then the client disconnects in the middle of the next one.
  await expect
    .poll(async () => (await rig.transfers(`?message=gone-499&subscription=${sub}`)).length, {
      timeout: 15_000,
    })
    .toBe(1);
  source.push(line('gone', 500));
  controller.abort();
  await expect(answer).rejects.toThrow();

  const next = await bulk(Array.from({ length: 5 }, (_, i) => line('after', i)).join(''));
  expect(next.status).toBe(200);
  expect(next.body).toMatchObject({ accepted: 5, rejectedCount: 0 });
  expect(workers.length).toBe(before);
  // The batch the client left in the middle of is not stored: only whole batches are.
  expect(await rig.settled(sub)).toEqual({ delivered: 505 });
  expect(await rig.transfers('?message=gone-500')).toEqual([]);
}, 60_000);
