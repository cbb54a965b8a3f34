// Delivery rules end to end (architecture.md): dedupe, split, rejects, retries, 429 pause, throttle, unconfirmed.
import { afterEach, describe, expect, it } from 'vitest';
import { maxInWindow } from '../../src/sim/index.js';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';

let rig: DeliveryRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const emails = (n: number) => Array.from({ length: n }, (_, i) => `user${i}@example.com`);

async function errors(r: DeliveryRig) {
  const res = await r.ferry.api('GET', '/errors');
  return (
    (await res.json()) as { items: { status: string; error: string; summary: string; httpStatus?: number }[] }
  ).items;
}

describe('delivery', () => {
  it('delivers once per Message Id, with custom fields as context slots', async () => {
    rig = await startDeliveryRig();
    const sub = await rig.subscribe();
    const first = await rig.send('m-1', 'a@example.com', {
      CustomFields: [
        { Name: 'Moveworks Message Recipients', Value: 'a@example.com; b@example.com' },
        { Name: 'Ticket', Value: 'INC1' },
      ],
    });
    expect(first.duplicate).toBe(false);
    const again = await rig.send('m-1', 'a@example.com');
    expect(again).toMatchObject({ duplicate: true, transfers: [] });
    expect(await rig.settled(sub)).toEqual({ delivered: 1 });
    expect(rig.sim.state.messages()).toEqual([
      expect.objectContaining({
        message: 'message m-1',
        recipients: ['a@example.com', 'b@example.com'],
        context: { slots: { Ticket: 'INC1' } },
      }),
    ]);
  });

  it('splits more than 500 recipients into requests of at most 500, each tracked', async () => {
    rig = await startDeliveryRig();
    const sub = await rig.subscribe();
    const sent = await rig.send('big', emails(1_201));
    expect(sent.transfers.map((t) => `${t.part}/${t.parts}`)).toEqual(['1/3', '2/3', '3/3']);
    expect(await rig.settled(sub)).toEqual({ delivered: 3 });
    expect(
      rig.sim.state
        .messages()
        .map((m) => m.recipients.length)
        .sort(),
    ).toEqual([201, 500, 500]);
  });

  it('refuses a Message no subscription can map, and fails only the subscription that cannot', async () => {
    rig = await startDeliveryRig();
    const noEvent = await rig.subscribe({ defaultEventId: undefined });
    const refused = await rig.ferry.api('POST', '/messages', {
      Id: 'no-event',
      Text: 'x',
      CustomFields: { 'Moveworks Message Recipients': 'a@example.com' },
    });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { code: string; detail: string };
    expect(problem.code).toBe('ERR_MESSAGE_UNDELIVERABLE');
    expect(problem.detail).toContain('eventId: must be a UUID');
    const withEvent = await rig.subscribe();
    const sent = await rig.send('half', 'a@example.com');
    expect(sent.transfers.map((t) => t.status).sort()).toEqual(['failed', 'queued']);
    expect(await rig.settled(noEvent)).toEqual({ failed: 1 });
    expect(await rig.settled(withEvent)).toEqual({ delivered: 1 });
    expect(rig.sim.state.stats().byEndpoint.eventSend).toBe(1);
    expect((await errors(rig))[0]?.error).toContain('eventId: must be a UUID');
  });

  it('fails other 4xx at once with the iPaaS error text and Moveworks code', async () => {
    rig = await startDeliveryRig();
    const sub = await rig.subscribe();
    await rig.send('bad-event', 'a@example.com', {
      CustomFields: {
        'Moveworks Message Recipients': 'a@example.com',
        'Moveworks Event Id': '00000000-0000-4000-8000-000000000000',
      },
    });
    expect(await rig.settled(sub)).toEqual({ failed: 1 });
    const [error] = await errors(rig);
    expect(error).toMatchObject({
      status: 'failed',
      httpStatus: 404,
      summary: 'Could not Post Message To Moveworks',
    });
    expect(error?.error).toMatch(
      /^Error calling Moveworks CallWrapper\.SendMessage: INVALID_EVENT_ID: .* \(Http Code: 404\)$/,
    );
  });

  it('retries 500s on the configured schedule until delivered', async () => {
    rig = await startDeliveryRig({ seed: 7 });
    const sub = await rig.subscribe({ retry: { maxAttempts: 20, scheduleMinutes: [0, 0.001] } });
    rig.sim.state.setFaults({ errorRate: 0.5 });
    for (let i = 0; i < 20; i++) await rig.send(`r-${i}`, 'a@example.com');
    expect(await rig.settled(sub, 30_000)).toEqual({ delivered: 20 });
    expect(rig.sim.state.stats().injectedErrors).toBeGreaterThan(0);
    expect(new Set(rig.sim.state.messages().map((m) => m.message)).size).toBe(20);
    const retried = (await rig.ferry.api('GET', '/activity?limit=1000').then((r) => r.json())) as {
      items: { status: string }[];
    };
    expect(retried.items.some((a) => a.status === 'retrying')).toBe(true);
  });

  it('pauses the whole subscription on 429 for Retry-After, without counting an attempt', async () => {
    rig = await startDeliveryRig();
    const sub = await rig.subscribe();
    rig.sim.state.startRateLimitStorm(1_500);
    const started = Date.now();
    for (let i = 0; i < 5; i++) await rig.send(`p-${i}`, 'a@example.com');
    expect(await rig.settled(sub, 20_000)).toEqual({ delivered: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const transfers = await rig.transfers();
    expect(transfers.every((t) => t.attempts === 1)).toBe(true);
    // One 429 paused everything: the rest waited instead of hammering the API.
    expect(rig.sim.state.stats().rateLimited).toBeLessThanOrEqual(3);
  });

  it('never exceeds the throttle, token requests included', async () => {
    rig = await startDeliveryRig({ rateLimit: 10, rateLimitWindowMs: 1_000 });
    const sub = await rig.subscribe({ throttleLimit: 10, throttleSeconds: 1, concurrentConnections: 20 });
    rig.sim.state.reset({ revokeTokens: true });
    for (let i = 0; i < 40; i++) await rig.send(`t-${i}`, 'a@example.com');
    expect(await rig.settled(sub, 20_000)).toEqual({ delivered: 40 });
    const stats = rig.sim.state.stats(1_000);
    expect(stats.rateLimited).toBe(0);
    expect(stats.tokenRequests).toBe(1);
    expect(maxInWindow(rig.sim.state.requestTimesMs(), 1_000)).toBeLessThanOrEqual(10);
  });

  it('refreshes a revoked token at Concurrent Connections 1 while the next send holds the only slot', async () => {
    rig = await startDeliveryRig();
    const sub = await rig.subscribe({ concurrentConnections: 1 });
    await rig.send('rt-0', 'a@example.com');
    expect(await rig.settled(sub)).toEqual({ delivered: 1 });
    // The cached token is now refused: the next send's 401 asks for a new one while the send after it waits in
    // the slot for that token. The token request must not wait for the slot.
    rig.sim.state.reset({ revokeTokens: true });
    for (let i = 1; i <= 20; i++) await rig.send(`rt-${i}`, 'a@example.com');
    expect(await rig.settled(sub)).toEqual({ delivered: 21 });
    expect(rig.sim.state.stats().tokenRequests).toBe(1);
  });

  it("counts the Connection Test made at creation against the new subscription's throttle", async () => {
    rig = await startDeliveryRig({ rateLimit: 10, rateLimitWindowMs: 1_000 });
    // No reset after saving: the test's token request and auth test share the window with the first sends.
    const sub = await rig.subscribe({ throttleLimit: 10, throttleSeconds: 1, concurrentConnections: 10 });
    for (let i = 0; i < 20; i++) await rig.send(`c-${i}`, 'a@example.com');
    expect(await rig.settled(sub, 20_000)).toEqual({ delivered: 20 });
    expect(rig.sim.state.stats(1_000).rateLimited).toBe(0);
    expect(maxInWindow(rig.sim.state.requestTimesMs(), 1_000)).toBeLessThanOrEqual(10);
  });

  it('claims ahead no more transfers than the throttle admits, so the rest stay queued', async () => {
    rig = await startDeliveryRig();
    // Five calls an hour and no Connection Test: one token request and four sends, then the window is full.
    const sub = await rig.subscribe({ throttleLimit: 5, throttleSeconds: 3_600 }, false);
    for (let i = 0; i < 12; i++) await rig.send(`h-${i}`, 'a@example.com');
    await expect.poll(() => rig!.sim.state.messagesAccepted()).toBe(4);
    await expect
      .poll(async () => {
        const res = await rig!.ferry.api('GET', `/subscriptions/${sub}`);
        return ((await res.json()) as { transfers: Record<string, number> }).transfers;
      })
      .toEqual({ delivered: 4, queued: 8 });
  });

  it('applies a raised throttle at once to transfers already waiting for the old window', async () => {
    rig = await startDeliveryRig();
    // One call an hour and no Connection Test: the token request takes the call, so both sends wait at the gate.
    const sub = await rig.subscribe({ throttleLimit: 1, throttleSeconds: 3_600 }, false);
    await rig.send('waiting-1', 'a@example.com');
    await rig.send('waiting-2', 'a@example.com');
    await new Promise((r) => setTimeout(r, 200));
    expect(rig.sim.state.stats().messagesAccepted).toBe(0);
    const res = await rig.ferry.api('PATCH', `/subscriptions/${sub}?test=false`, {
      throttleLimit: 100,
      throttleSeconds: 1,
    });
    expect(res.status).toBe(200);
    expect(await rig.settled(sub, 10_000)).toEqual({ delivered: 2 });
    expect(rig.sim.state.stats().messagesAccepted).toBe(2);
  });

  it('shuts down while a save waits at the gate for its Connection Test, cutting that request', async () => {
    rig = await startDeliveryRig();
    // One call an hour: the test's token request takes it and its auth test waits for the hour to pass.
    const saving = rig.subscribe({ throttleLimit: 1, throttleSeconds: 3_600 }).then(
      () => 'saved',
      () => 'cut',
    );
    await expect.poll(() => rig?.sim.state.stats().tokenRequests, { timeout: 5_000 }).toBe(1);
    await rig.ferry.server.close();
    expect(await saving).toBe('cut');
    expect(rig.sim.state.stats().byEndpoint).toMatchObject({ authTest: 0 });
  });

  it('marks a request that got no answer unconfirmed, and replays it on request', async () => {
    rig = await startDeliveryRig({ hangRate: 1 }, { FERRY_HTTP_TIMEOUT_MS: '300' });
    const sub = await rig.subscribe({}).catch(() => '');
    expect(sub).toBe('');
    rig.sim.state.setFaults({ hangRate: 0 });
    const id = await rig.subscribe();
    // The Send Test warms the live client's token, so only the send itself hangs.
    await rig.ferry.api('POST', `/subscriptions/${id}/send-test`, { to: ['warm@example.com'] });
    rig.sim.state.setFaults({ hangRate: 1 });
    await rig.send('u-1', 'a@example.com');
    expect(await rig.settled(id)).toEqual({ unconfirmed: 1 });
    const [t] = await rig.transfers();
    expect(t?.attempts).toBe(1);
    expect(t?.errorText).toContain('may have been sent');
    rig.sim.state.setFaults({ hangRate: 0 });
    const replay = await rig.ferry.api('POST', '/transfers/replay', { trackingIds: [t?.trackingId] });
    expect(await replay.json()).toEqual({ count: 1 });
    expect(await rig.settled(id)).toEqual({ delivered: 1 });
    const again = await rig.ferry.api('POST', '/transfers/replay', { trackingIds: [t?.trackingId] });
    expect(again.status).toBe(409);
  });

  it('stops a subscription whose credentials are refused, and resumes when they are fixed', async () => {
    rig = await startDeliveryRig();
    const id = await rig.subscribe({ clientSecret: 'wrong-secret' }, false);
    for (let i = 1; i <= 5; i++) await rig.send(`a-${i}`, 'a@example.com');
    await expect
      .poll(
        async () =>
          ((await (await rig!.ferry.api('GET', `/subscriptions/${id}`)).json()) as { health: string }).health,
      )
      .toBe('auth_failed');
    // Transfers claimed ahead of the refused one are handed back: all queued again, no attempt counted.
    await expect
      .poll(async () => (await rig!.transfers()).map((t) => t.status))
      .toEqual(Array(5).fill('queued'));
    expect((await rig.transfers()).every((t) => t.attempts === 0)).toBe(true);
    const fixed = await rig.ferry.api('PATCH', `/subscriptions/${id}`, { clientSecret: 'ferry-demo-secret' });
    expect(fixed.status).toBe(200);
    expect(await rig.settled(id)).toEqual({ delivered: 5 });
  });

  it('Manual Sync sends messages a subscription never saw, first, logging every call with secrets masked', async () => {
    rig = await startDeliveryRig();
    const early = await rig.subscribe({ enabled: false });
    await rig.send('before-1', 'a@example.com');
    await rig.send('before-2', 'b@example.com');
    const sync = await rig.ferry.api('POST', `/subscriptions/${early}/manual-sync`, {
      ids: ['before-1', 'before-2', 'missing'],
      debug: true,
    });
    expect(await sync.json()).toEqual({
      queued: ['before-1', 'before-2'],
      alreadyQueued: [],
      alreadyDelivered: [],
      notFound: ['missing'],
    });
    await rig.ferry.api('PATCH', `/subscriptions/${early}`, { enabled: true });
    expect(await rig.settled(early)).toEqual({ delivered: 2 });
    const logs = rig.ferry.logs.join('\n');
    expect(logs).toContain('debug: request to Moveworks');
    expect(logs).toContain('debug: answer from Moveworks');
    expect(logs).not.toContain('ferry-demo-secret');
    expect(logs).not.toMatch(/mwt_[A-Za-z0-9]/);
    const again = await rig.ferry.api('POST', `/subscriptions/${early}/manual-sync`, { ids: ['before-1'] });
    expect(await again.json()).toMatchObject({ alreadyDelivered: ['before-1'] });
    const tooMany = await rig.ferry.api('POST', `/subscriptions/${early}/manual-sync`, {
      ids: Array.from({ length: 3_001 }, (_, i) => `x${i}`),
    });
    expect(tooMany.status).toBe(400);
  });

  it('sends debug Manual Sync messages next even while a busy lane holds transfers claimed ahead', async () => {
    rig = await startDeliveryRig({ latencyMs: 30 });
    const sub = await rig.subscribe({ enabled: false, concurrentConnections: 1 });
    await rig.send('old', 'a@example.com');
    await rig.ferry.api('PATCH', `/subscriptions/${sub}?test=false`, { enabled: true });
    for (let i = 0; i < 20; i++) await rig.send(`new-${i}`, 'a@example.com');
    await expect.poll(() => rig!.sim.state.messagesAccepted()).toBeGreaterThanOrEqual(2);
    const sync = await rig.ferry.api('POST', `/subscriptions/${sub}/manual-sync`, {
      ids: ['old'],
      debug: true,
    });
    expect(await sync.json()).toMatchObject({ queued: ['old'] });
    const before = rig.sim.state.messagesAccepted();
    expect(await rig.settled(sub, 20_000)).toEqual({ delivered: 21 });
    const order = rig.sim.state.messages().map((m) => m.message);
    // At most the request in flight and the one claimed for the next slot go before it, not the reserve.
    expect(order.indexOf('message old')).toBeLessThanOrEqual(before + 2);
  });

  it('resumes accepted work after a restart, with nothing left unconfirmed by a graceful stop', async () => {
    rig = await startDeliveryRig({ latencyMs: 50 });
    const sub = await rig.subscribe({ concurrentConnections: 1 });
    for (let i = 0; i < 30; i++) await rig.send(`s-${i}`, 'a@example.com');
    await rig.restart();
    // A graceful stop waits for the request in flight and hands back what was claimed ahead: nothing is left
    // unconfirmed, and nothing waits for a crash recovery.
    expect(await rig.settled(sub, 20_000)).toEqual({ delivered: 30 });
    const delivered = rig.sim.state.messages().map((m) => m.message);
    expect(new Set(delivered).size).toBe(delivered.length);
  });
});
