// Two Moveworks clients standing for two workers share one token through Redis: one request, sealed at rest.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import type { MoveworksPayload } from '../../core/delivery/moveworks.js';
import { silentLogger } from '../../core/ports/logger.js';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID, startSimulator } from '../../sim/index.js';
import type { RunningSimulator } from '../../sim/index.js';
import { RedisCoordination } from '../coordination/redis-coordination.js';
import { generateMasterKey, Keyring } from '../crypto/keyring.js';
import { createOutboundFetch, type ClosableOutboundFetch } from '../http/outbound.js';
import { createMoveworksClient } from './events-client.js';
import { shareToken } from './shared-token.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const payload: MoveworksPayload = { eventId: DEMO_EVENT_ID, message: 'hi', recipients: ['ada@example.com'] };

async function twoWorkers() {
  const sim: RunningSimulator = await startSimulator({ rateLimit: 0 });
  closers.push(() => sim.close());
  const prefix = `test:${randomUUID()}:`;
  const sealer = new Keyring([generateMasterKey()]);
  const worker = () => {
    const coordination = new RedisCoordination({
      url: 'redis://127.0.0.1:6379',
      prefix,
      clock: systemClock,
      logger: silentLogger,
    });
    const fetch: ClosableOutboundFetch = createOutboundFetch();
    closers.push(
      () => fetch.close(),
      () => coordination.close(),
    );
    return createMoveworksClient({
      apiUrl: sim.url,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      fetch: fetch.text,
      clock: systemClock,
      timeoutMs: 5_000,
      shareTokens: (credentials) => shareToken({ coordination, sealer, clock: systemClock }, credentials),
    });
  };
  return { sim, a: worker(), b: worker(), prefix };
}

describe('a Moveworks token shared across workers', () => {
  it('takes one token request for 200 cold sends split over two workers', async () => {
    const { sim, a, b } = await twoWorkers();
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).send(payload)));
    expect(outcomes.every((o) => o.kind === 'delivered')).toBe(true);
    expect(sim.state.stats().tokenRequests).toBe(1);
  });

  it('keeps the token sealed in Redis, never in plaintext', async () => {
    const { a, prefix } = await twoWorkers();
    const token = await a.token();
    const redis = new Redis('redis://127.0.0.1:6379');
    closers.push(async () => void (await redis.quit()));
    const keys = await redis.keys(`${prefix}*`);
    const values = await Promise.all(
      keys.map((k) => redis.type(k).then((t) => (t === 'string' ? redis.get(k) : ''))),
    );
    expect(values.some((v) => v?.startsWith('fsv1.'))).toBe(true);
    expect(values.join('\n')).not.toContain(token);
  });

  it('after a 401 does not hand back the refused token, and the other worker takes the new one', async () => {
    const { sim, a, b } = await twoWorkers();
    await a.send(payload);
    sim.state.revokeTokens();
    expect(await a.send(payload)).toEqual({ kind: 'delivered', status: 200 });
    expect(await b.send(payload)).toEqual({ kind: 'delivered', status: 200 });
    expect(sim.state.stats().tokenRequests).toBe(2);
  });
});
