// Integration tests of the Moveworks client against the real simulator over real HTTP (createOutboundFetch).
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import type { MoveworksPayload } from '../../core/delivery/moveworks.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID, startSimulator } from '../../sim/index.js';
import type { RunningSimulator, StartSimulatorOptions } from '../../sim/index.js';
import { createOutboundFetch, type ClosableOutboundFetch } from '../http/outbound.js';
import {
  createMoveworksClient,
  type MoveworksCallKind,
  type MoveworksClientOptions,
} from './events-client.js';
import { refreshMarginMs } from '../../core/connectors/token-margin.js';
import { parseTokenResponse } from './token-cache.js';
import { retryAfterMs } from './send-outcome.js';

const sims: RunningSimulator[] = [];
const fetchers: ClosableOutboundFetch[] = [];
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

const payload = (over: Partial<MoveworksPayload> = {}): MoveworksPayload => ({
  eventId: DEMO_EVENT_ID,
  message: 'Hello <b>world</b>',
  recipients: ['ada@example.com'],
  context: { slots: { ticket: 'INC-1' } },
  ...over,
});

async function setup(simOptions: StartSimulatorOptions = {}, client: Partial<MoveworksClientOptions> = {}) {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, ...simOptions });
  sims.push(sim);
  const outbound = createOutboundFetch();
  fetchers.push(outbound);
  const calls: MoveworksCallKind[] = [];
  const mw = createMoveworksClient({
    apiUrl: sim.url,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    fetch: outbound,
    clock: new ManualClock(),
    timeoutMs: 5_000,
    onCall: (kind) => calls.push(kind),
    ...client,
  });
  const tokens = () => calls.filter((k) => k === 'token').length;
  return { sim, mw, calls, tokens, outbound };
}

describe('Moveworks events client', () => {
  it('delivers a message with its context and passes the auth test', async () => {
    const { sim, mw, calls } = await setup();
    await expect(mw.send(payload())).resolves.toEqual({ kind: 'delivered', status: 200 });
    expect(sim.state.messages()).toMatchObject([
      { eventId: DEMO_EVENT_ID, recipients: ['ada@example.com'], context: { slots: { ticket: 'INC-1' } } },
    ]);
    const test = await mw.authTest();
    expect(test).toMatchObject({ ok: true, status: 200 });
    expect(test.message).not.toBe('');
    expect(calls).toEqual(['token', 'send', 'auth_test']);
  });

  it.each(['docs', 'openapi'] as const)('reads the %s token shape and error shape', async (responseStyle) => {
    const { sim, mw, tokens } = await setup({ responseStyle });
    expect(await mw.token()).toMatch(/\S/);
    await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'delivered' });
    await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'delivered' });
    const other = payload({ eventId: '00000000-0000-4000-8000-000000000000' });
    const rejected = await mw.send(other);
    expect(rejected).toMatchObject({ kind: 'rejected', status: 404, code: 'INVALID_EVENT_ID' });
    if (rejected.kind !== 'rejected') throw new Error('unreachable');
    expect(rejected.errorText).toMatch(
      /^Error calling Moveworks CallWrapper\.SendMessage: INVALID_EVENT_ID: .+ \(Http Code: 404\)$/,
    );
    expect(tokens()).toBe(1);
    expect(sim.state.stats().tokenRequests).toBe(1);
  });

  it('shares one token request among 1,000 concurrent sends on a cold cache', async () => {
    const { sim, mw, tokens } = await setup({ rateLimit: 0 });
    const outcomes = await Promise.all(Array.from({ length: 1_000 }, () => mw.send(payload())));
    expect(outcomes.every((o) => o.kind === 'delivered')).toBe(true);
    expect(tokens()).toBe(1);
    expect(sim.state.stats().tokenRequests).toBe(1);
    expect(sim.state.stats().messagesAccepted).toBe(1_000);
  });

  it('refreshes before expiry by a margin scaled to the lifetime', async () => {
    const clock = new ManualClock();
    const { mw, tokens } = await setup({ clock, tokenLifetimeSeconds: 60 }, { clock });
    const first = await mw.token();
    clock.advance(53_000);
    expect(await mw.token()).toBe(first);
    clock.advance(2_000); // 55 s: inside the 6 s margin of a 60 s token
    expect(await mw.token()).not.toBe(first);
    expect(tokens()).toBe(2);
  });

  it('drops an expired token on 401, refreshes once and delivers', async () => {
    const simClock = new ManualClock();
    const { mw, calls } = await setup({ clock: simClock, tokenLifetimeSeconds: 60 });
    await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'delivered' });
    simClock.advance(61_000); // only the simulator's clock moves: the client still thinks the token is fresh
    await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'delivered' });
    expect(calls).toEqual(['token', 'send', 'send', 'token', 'send']);
  });

  it('reports unauthorized after a second 401 without looping', async () => {
    const { sim, calls, outbound } = await setup();
    const revoking: OutboundFetch = (url, init) => {
      if (String(url).endsWith('/messages/send')) sim.state.revokeTokens();
      return outbound(url, init);
    };
    const client = createMoveworksClient({
      apiUrl: sim.url,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      fetch: revoking,
      clock: new ManualClock(),
      timeoutMs: 5_000,
      onCall: (kind) => calls.push(kind),
    });
    const outcome = await client.send(payload());
    expect(outcome).toMatchObject({
      kind: 'unauthorized',
      errorText: expect.stringContaining('(Http Code: 401)'),
    });
    expect(calls).toEqual(['token', 'send', 'token', 'send']);
  });

  it('uses an API key as a static bearer without token requests', async () => {
    const { mw, calls } = await setup(
      { apiKeys: ['mw-static-key'] },
      { clientId: '', clientSecret: '', apiKey: 'mw-static-key' },
    );
    await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'delivered' });
    expect(calls).toEqual(['send']);
  });

  it('refuses a wrong secret with ERR_OAUTH_INVALID_CLIENT and never shows the secret', async () => {
    const { mw } = await setup({}, { clientSecret: 'wrong-s3cret-value' });
    const err = await mw.token().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'OAuthError', code: 'ERR_OAUTH_INVALID_CLIENT' });
    const message = (err as Error).message;
    expect(message).toContain('Client Secret');
    expect(message).toContain('region');
    expect(message).not.toContain('wrong-s3cret-value');
    await expect(mw.send(payload())).rejects.toMatchObject({ code: 'ERR_OAUTH_INVALID_CLIENT' });
  });

  it('passes on Moveworks rejections of oversized messages', async () => {
    const { mw } = await setup();
    const outcome = await mw.send(payload({ message: 'x'.repeat(20_001) }));
    expect(outcome).toMatchObject({ kind: 'rejected', status: 400, code: 'INVALID_VALUE_SIZE_TOO_LONG' });
  });

  it('reports a 429 as rate_limited with the Retry-After wait', async () => {
    const { mw } = await setup({ rateLimit: 3 });
    for (let i = 0; i < 2; i++)
      await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'delivered' });
    const outcome = await mw.send(payload());
    expect(outcome.kind).toBe('rate_limited');
    if (outcome.kind !== 'rate_limited') throw new Error('unreachable');
    expect(outcome.retryAfterMs).toBeGreaterThan(0);
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('reports a 500 as unavailable', async () => {
    const { sim, mw } = await setup();
    await mw.token();
    sim.state.setFaults({ errorRate: 1 });
    await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'unavailable', status: 500 });
  });

  it('reports no answer within the timeout as unconfirmed', async () => {
    const { sim, mw } = await setup({}, { timeoutMs: 300 });
    await mw.token();
    sim.state.setFaults({ hangRate: 1 });
    await expect(mw.send(payload())).resolves.toMatchObject({ kind: 'unconfirmed' });
  });

  it('reports a connection reset after sending as unconfirmed', async () => {
    const { sim, mw } = await setup();
    await mw.token();
    sim.state.setFaults({ resetRate: 1 });
    const outcome = await mw.send(payload());
    expect(outcome).toMatchObject({
      kind: 'unconfirmed',
      errorText: expect.stringContaining('(Http Code: none)'),
    });
    expect(sim.state.stats().resets).toBe(1);
  });

  it('reports a closed port as unavailable (not sent)', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const outbound = createOutboundFetch();
    fetchers.push(outbound);
    const base = {
      apiUrl: `http://127.0.0.1:${port}`,
      fetch: outbound,
      clock: new ManualClock(),
      timeoutMs: 2_000,
    };
    const keyed = createMoveworksClient({ ...base, apiKey: 'k' });
    const outcome = await keyed.send(payload());
    expect(outcome).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('ECONNREFUSED') });
    const oauth = createMoveworksClient({ ...base, clientId: 'id', clientSecret: 'secret' });
    await expect(oauth.token()).rejects.toMatchObject({ code: 'ERR_OAUTH_TOKEN_URL_UNREACHABLE' });
    await expect(oauth.send(payload())).resolves.toMatchObject({ kind: 'unavailable' });
  });
});

describe('Moveworks client helpers', () => {
  it('reads Retry-After as seconds or an HTTP-date, else 60 s', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    expect(retryAfterMs('7', clock)).toBe(7_000);
    expect(retryAfterMs(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), clock)).toBe(30_000);
    expect(retryAfterMs(null, clock)).toBe(60_000);
    expect(retryAfterMs('soon', clock)).toBe(60_000);
  });

  it('parses both token shapes and scales the refresh margin', () => {
    const grant = { access_token: 'mwt_x', expires_in: 60, token_type: 'Bearer' };
    expect(parseTokenResponse(grant)).toEqual({ accessToken: 'mwt_x', expiresInSeconds: 60 });
    expect(parseTokenResponse({ data: grant })).toEqual({ accessToken: 'mwt_x', expiresInSeconds: 60 });
    expect(parseTokenResponse({ data: null })).toBeUndefined();
    expect([refreshMarginMs(3_600_000), refreshMarginMs(60_000), refreshMarginMs(6_000)]).toEqual([
      300_000, 6_000, 3_000,
    ]);
  });
});
