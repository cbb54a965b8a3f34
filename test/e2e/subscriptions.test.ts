// Subscriptions through the API against the simulator: settings, Connection Test, Send Test, secrets.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_SECRET, DEMO_EVENT_ID, startSimulator } from '../../src/sim/index.js';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';

let rig: DeliveryRig;
beforeAll(async () => {
  rig = await startDeliveryRig();
});
afterAll(async () => {
  await rig.close();
});

const problem = async (res: Response) =>
  (await res.json()) as { code: string; detail: string; test?: { error: { check: string[] } } };

describe('subscription settings', () => {
  it('creates with the documented defaults and never shows the secret', async () => {
    const id = await rig.subscribe({ name: 'Moveworks - Production' });
    const res = await rig.ferry.api('GET', `/subscriptions/${encodeURIComponent('Moveworks - Production')}`);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id,
      throttleLimit: 120,
      throttleSeconds: 60,
      concurrentBatchExecutions: 10,
      createDefaultMappings: true,
      enabled: true,
      clientSecret: { set: true },
      health: 'ok',
    });
    expect(JSON.stringify(body)).not.toContain(DEMO_CLIENT_SECRET);
    const db = readFileSync(join(rig.ferry.dataDir, 'ferry.db')).toString('latin1');
    expect(db).not.toContain(DEMO_CLIENT_SECRET);
    expect(rig.ferry.logs.join('\n')).not.toContain(DEMO_CLIENT_SECRET);
  });

  it('resolves a regional preset into the API URL', async () => {
    const res = await rig.ferry.api('POST', '/subscriptions?test=false', {
      name: 'Moveworks - EU',
      region: 'eu',
      apiKey: 'offline-key',
    });
    expect(((await res.json()) as { apiUrl: string }).apiUrl).toBe('https://api.am-eu-central.moveworks.ai');
  });

  it('refuses to save when the Connection Test fails and names the settings to check', async () => {
    const wrongSecret = await rig.ferry.api('POST', '/subscriptions', {
      name: 'wrong secret',
      apiUrl: rig.sim.url,
      clientId: 'ferry-demo',
      clientSecret: 'not-the-secret',
    });
    expect(wrongSecret.status).toBe(422);
    const body = await problem(wrongSecret);
    expect(body.code).toBe('ERR_SUBSCRIPTION_TEST_FAILED');
    expect(body.test?.error.check).toEqual(['clientId', 'clientSecret', 'apiUrl']);
    expect(JSON.stringify(body)).not.toContain('not-the-secret');

    const wrongKey = await rig.ferry.api('POST', '/subscriptions', {
      name: 'wrong key',
      apiUrl: rig.sim.url,
      apiKey: 'no-such-key',
    });
    expect((await problem(wrongKey)).test?.error.check).toEqual(['apiKey', 'apiUrl']);

    const nowhere = await rig.ferry.api('POST', '/subscriptions', {
      name: 'nowhere',
      apiUrl: 'http://127.0.0.1:9',
      clientId: 'a',
      clientSecret: 'b',
    });
    const unreachable = await problem(nowhere);
    expect(unreachable.test?.error.check).toEqual(['apiUrl']);
    expect(unreachable.detail).toContain('check the API URL');
    const names = (
      (await (await rig.ferry.api('GET', '/subscriptions')).json()) as { items: { name: string }[] }
    ).items.map((s) => s.name);
    expect(names).not.toContain('wrong secret');
  });

  it('tests on demand and sends a Send Test message', async () => {
    const id = await rig.subscribe();
    const test = (await (await rig.ferry.api('POST', `/subscriptions/${id}/test`)).json()) as {
      ok: boolean;
      steps: string[];
    };
    expect(test.ok).toBe(true);
    expect(test.steps.join('\n')).toContain('/rest/v1/auth/test → 200');
    const sent = await rig.ferry.api('POST', `/subscriptions/${id}/send-test`, {
      to: ['tester@example.com'],
    });
    expect(await sent.json()).toMatchObject({ ok: true, outcome: 'delivered', httpStatus: 200 });
    expect(rig.sim.state.messages().at(-1)).toMatchObject({
      recipients: ['tester@example.com'],
      eventId: DEMO_EVENT_ID,
    });
    const badEvent = await rig.ferry.api('POST', `/subscriptions/${id}/send-test`, {
      to: ['tester@example.com'],
      eventId: '00000000-0000-4000-8000-000000000000',
    });
    const failed = (await badEvent.json()) as { ok: boolean; httpStatus: number; error: string };
    expect(failed).toMatchObject({ ok: false, httpStatus: 404 });
    expect(failed.error).toMatch(/^Error calling Moveworks CallWrapper\.SendMessage: .*\(Http Code: 404\)$/);
  });

  it('keeps secrets on update unless given, and tests changed credentials before saving', async () => {
    const id = await rig.subscribe();
    const renamed = await rig.ferry.api('PATCH', `/subscriptions/${id}`, {
      name: 'renamed',
      throttleLimit: 60,
    });
    expect(await renamed.json()).toMatchObject({
      name: 'renamed',
      throttleLimit: 60,
      clientSecret: { set: true },
    });
    const other = await startSimulator({ clients: [{ clientId: 'x', clientSecret: 'y' }] });
    const moved = await rig.ferry.api('PATCH', `/subscriptions/${id}`, { apiUrl: other.url });
    expect(moved.status).toBe(422);
    await other.close();
    expect((await (await rig.ferry.api('GET', `/subscriptions/${id}`)).json()) as object).toMatchObject({
      apiUrl: rig.sim.url,
    });
  });

  it('re-seals subscription secrets on key rotation and keeps working', async () => {
    const id = await rig.subscribe();
    const rotated = (await (await rig.ferry.api('POST', '/keys/rotate')).json()) as {
      previousKeyIds: string[];
    };
    const db = readFileSync(join(rig.ferry.dataDir, 'ferry.db'), 'latin1');
    expect(db).not.toContain(`fsv1.${rotated.previousKeyIds[0]}`);
    await rig.restart();
    const test = (await (await rig.ferry.api('POST', `/subscriptions/${id}/test`)).json()) as { ok: boolean };
    expect(test.ok).toBe(true);
  });

  it('answers problems for bad settings and unknown ids', async () => {
    const bad = await rig.ferry.api('POST', '/subscriptions', {
      name: 'x',
      clientId: 'only-id',
      throttleLimit: 0,
      defaultEventId: 'not-a-uuid',
    });
    expect(bad.status).toBe(400);
    const paths = ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['throttleLimit', 'defaultEventId']));
    expect((await rig.ferry.api('GET', '/subscriptions/sub_nope')).status).toBe(404);
    expect((await rig.ferry.api('DELETE', '/subscriptions/sub_nope')).status).toBe(404);
  });
});
