// Webhook listener subscriptions end to end against the simulator: limits, unknown listener, auth, migration.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, maxInWindow } from '../../src/sim/index.js';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';

const SECURED = '3f6b9d2a-8c4e-4f1a-9b7d-5e2c8a4f6b10';
const OPEN = '9a1c3e5b-7d2f-4b6a-8c0e-1f3a5c7e9b20';
const UNKNOWN = 'c0ffee00-1234-4abc-8def-0123456789ab';
const KEY = 'listener-key-5f1c9e';

let rig: DeliveryRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const start = () => startDeliveryRig({ listeners: { [SECURED]: true, [OPEN]: false }, apiKeys: [KEY] });

/** A listener subscription on the rig's simulator; OAuth with the demo client unless `settings` say otherwise. */
const listen = (r: DeliveryRig, listenerId: string, settings: Record<string, unknown> = {}) =>
  r.subscribe({ destination: 'listener', listenerId, defaultEventId: undefined, ...settings });

const notifications = (r: DeliveryRig) => r.sim.state.notifications();

describe('webhook listener subscriptions', () => {
  it('sends 200 Messages to a secured listener, never more than 5 in any second, each once', async () => {
    rig = await start();
    const sub = await listen(rig, SECURED, { concurrentConnections: 20 });
    const shown = (await (await rig.ferry.api('GET', `/subscriptions/${sub}`)).json()) as Record<
      string,
      unknown
    >;
    expect(shown).toMatchObject({ listenerAuth: 'oauth', throttleLimit: 5, throttleSeconds: 1 });
    for (let i = 0; i < 200; i++)
      await rig.send(`s-${i}`, 'a@example.com', { CustomFields: { Ticket: `T${i}` } });
    // The same Ids again: stored once, never a second transfer.
    for (let i = 0; i < 20; i++) expect((await rig.send(`s-${i}`, 'a@example.com')).duplicate).toBe(true);
    expect(await rig.settled(sub, 90_000)).toEqual({ delivered: 200 });
    const got = notifications(rig);
    const times = Float64Array.from(got.map((n) => n.receivedAtMs)).sort();
    expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(5);
    expect(rig.sim.state.stats()).toMatchObject({ listenerRateLimited: 0, rateLimited: 0 });
    const ids = got.map((n) => (n.body as { Id: string }).Id);
    expect(new Set(ids).size).toBe(200);
    expect(ids.length).toBe(200);
    expect(got[0]?.body).toMatchObject({ Id: 's-0', Text: 'message s-0', CustomFields: { Ticket: 'T0' } });
  }, 120_000);

  it('spaces notifications to an unsecured listener at least 10 s apart', async () => {
    rig = await start();
    const sub = await listen(rig, OPEN, { clientId: undefined, clientSecret: undefined });
    for (let i = 0; i < 3; i++) await rig.send(`u-${i}`, 'a@example.com');
    expect(await rig.settled(sub, 40_000)).toEqual({ delivered: 3 });
    const times = notifications(rig).map((n) => n.receivedAtMs);
    expect(times).toHaveLength(3);
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(10_000);
    expect(rig.sim.state.stats()).toMatchObject({ listenerRateLimited: 0, tokenRequests: 0 });
  }, 60_000);

  it('fails a transfer to an unknown listener at once, naming the listener, without a retry', async () => {
    rig = await start();
    const sub = await listen(rig, UNKNOWN);
    await rig.send('lost-1', 'a@example.com');
    expect(await rig.settled(sub)).toEqual({ failed: 1 });
    const [transfer] = await rig.transfers();
    expect(transfer).toMatchObject({
      status: 'failed',
      attempts: 1,
      httpStatus: 404,
      errorCode: 'LISTENER_NOT_FOUND',
    });
    expect(transfer?.errorText).toContain(UNKNOWN);
    expect(transfer?.errorText).toContain('Error calling Moveworks CallWrapper.NotifyListener');
    // Past the first retry of the schedule (0 minutes): still one request.
    await new Promise((done) => setTimeout(done, 500));
    expect(rig.sim.state.stats().byEndpoint.webhookNotify).toBe(1);
  });

  it('tests the connection without notifying: a token for oauth, refused credentials save nothing', async () => {
    rig = await start();
    const test = await rig.ferry.api('POST', '/subscriptions', {
      name: 'Moveworks - Listener',
      apiUrl: rig.sim.url,
      destination: 'listener',
      listenerId: SECURED,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
    });
    expect(test.status).toBe(201);
    const retest = (await (
      await rig.ferry.api('POST', '/subscriptions/Moveworks - Listener/test')
    ).json()) as {
      ok: boolean;
      steps: string[];
    };
    expect(retest.ok).toBe(true);
    expect(retest.steps.join('\n')).toContain('/oauth/v1/token');
    expect(retest.steps.join('\n')).toContain('no notification sent');
    const wrong = await rig.ferry.api('POST', '/subscriptions', {
      name: 'Moveworks - Wrong',
      apiUrl: rig.sim.url,
      destination: 'listener',
      listenerId: SECURED,
      clientId: DEMO_CLIENT_ID,
      clientSecret: 'not-the-secret',
    });
    expect(wrong.status).toBe(422);
    const problem = (await wrong.json()) as { code: string; test?: { error: { check: string[] } } };
    expect(problem.code).toBe('ERR_SUBSCRIPTION_TEST_FAILED');
    expect(problem.test?.error.check).toEqual(['clientId', 'clientSecret', 'apiUrl']);
    expect(JSON.stringify(problem)).not.toContain('not-the-secret');
    expect(rig.sim.state.stats().byEndpoint.webhookNotify).toBe(0);
  });

  it('sends an API key in the header it names, and stops on a 401 as for the Events API', async () => {
    rig = await start();
    const good = await listen(rig, SECURED, { clientId: undefined, clientSecret: undefined, apiKey: KEY });
    await rig.send('k-1', 'a@example.com');
    expect(await rig.settled(good)).toEqual({ delivered: 1 });
    const view = await (await rig.ferry.api('GET', `/subscriptions/${good}`)).text();
    expect(view).toContain('"listenerAuth":"api_key"');
    expect(view).not.toContain(KEY);
    const bad = await listen(rig, SECURED, {
      clientId: undefined,
      clientSecret: undefined,
      apiKey: 'wrong-key',
    });
    await rig.send('k-2', 'a@example.com');
    await expect
      .poll(
        async () =>
          ((await (await rig!.ferry.api('GET', `/subscriptions/${bad}`)).json()) as { health: string })
            .health,
      )
      .toBe('auth_failed');
    expect(rig.ferry.logs.join('\n')).not.toContain(KEY);
    expect(rig.ferry.logs.join('\n')).not.toContain('wrong-key');
  });

  it('Send Test notifies once, straight away, with a sample Message as the body', async () => {
    rig = await start();
    const sub = await listen(rig, SECURED);
    const res = await rig.ferry.api('POST', `/subscriptions/${sub}/send-test`, { message: 'hello listener' });
    expect(await res.json()).toEqual({ ok: true, outcome: 'delivered', httpStatus: 200 });
    expect(notifications(rig).map((n) => n.body)).toEqual([
      expect.objectContaining({ Text: 'hello listener', Type: 'Other', Severity: 'Info' }),
    ]);
  });

  it('moves an Events API subscription to a listener without re-sending what was delivered', async () => {
    rig = await start();
    const sub = await rig.subscribe();
    await rig.send('old-1', 'a@example.com');
    expect(await rig.settled(sub)).toEqual({ delivered: 1 });
    const moved = await rig.ferry.api('PATCH', `/subscriptions/${sub}`, {
      destination: 'listener',
      listenerId: SECURED,
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({
      destination: 'listener',
      listenerAuth: 'oauth',
      throttleLimit: 5,
      throttleSeconds: 1,
    });
    expect((await rig.send('old-1', 'a@example.com')).duplicate).toBe(true);
    const sync = await rig.ferry.api('POST', `/subscriptions/${sub}/manual-sync`, { ids: ['old-1'] });
    expect(await sync.json()).toMatchObject({ alreadyDelivered: ['old-1'], queued: [] });
    await rig.send('new-1', 'a@example.com', { CustomFields: { Ticket: 'INC9' } });
    expect(await rig.settled(sub)).toEqual({ delivered: 2 });
    expect(rig.sim.state.messages().map((m) => m.message)).toEqual(['message old-1']);
    expect(notifications(rig).map((n) => n.body)).toEqual([
      expect.objectContaining({ Id: 'new-1', CustomFields: { Ticket: 'INC9' } }),
    ]);
    const collections = (await (
      await rig.ferry.api('GET', `/subscriptions/${sub}/mapping-collections`)
    ).json()) as {
      items: { name: string; status: string }[];
    };
    expect(collections.items.map((c) => [c.name, c.status]).sort()).toEqual([
      ['Moveworks Listener Notify From Ferry', 'Enabled'],
      ['Moveworks Message Add From Ferry', 'Inactive'],
    ]);
  });
});
