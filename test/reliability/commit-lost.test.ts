// `ferry serve` on PostgreSQL whose connection breaks during COMMIT: the server commits, Ferry cannot know it did.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';
import { TestSchemas } from '../support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const N = 400;
const BROKEN = 4;
const schemas = new TestSchemas();
let relay: TcpProxy;
let rig: DeliveryRig;

beforeAll(async () => {
  const url = new URL((await schemas.create()).url);
  relay = await startTcpProxy(url.hostname, Number(url.port || 5432));
  url.host = `127.0.0.1:${relay.port}`;
  rig = await startDeliveryRig({}, { FERRY_DATABASE_URL: url.toString() });
});
afterAll(async () => {
  await rig.close();
  await relay.close();
  await schemas.dropAll();
});

describe('a connection to PostgreSQL lost during COMMIT', () => {
  it('leaves no transfer behind: each Message is delivered once, whichever commits broke', async () => {
    // 200 a second: the run lasts two seconds, and the commits broken fall inside it.
    const sub = await rig.subscribe({ throttleLimit: 200, throttleSeconds: 1 }, false);
    const lines = Array.from({ length: N }, (_, i) =>
      JSON.stringify({
        Id: `cl-${i}`,
        Text: `cl ${i}`,
        CustomFields: { 'Moveworks Message Recipients': 'a@example.com' },
      }),
    );
    const bulk = await rig.ferry.api('POST', '/messages/bulk', lines.join('\n'), {
      'content-type': 'application/x-ndjson',
    });
    expect(await bulk.json()).toMatchObject({ accepted: N, duplicates: 0, rejectedCount: 0 });
    await expect
      .poll(() => rig.sim.state.messagesAccepted(), { timeout: 30_000, interval: 10 })
      .toBeGreaterThan(20);
    relay.breakAfterCommits(BROKEN);

    expect(await rig.settled(sub, 60_000)).toEqual({ delivered: N });
    expect(relay.commitsBroken).toBe(BROKEN);
    const received = rig.sim.state.messages().map((m) => m.message);
    expect(received).toHaveLength(N);
    expect(new Set(received).size).toBe(N);
  }, 120_000);
});
