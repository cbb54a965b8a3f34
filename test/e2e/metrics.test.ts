// GET /metrics against Ferry and the simulator: Prometheus text, per-subscription counts, and its protection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';
import { startTestFerry } from '../support/ferry-server.js';

let rig: DeliveryRig;
let sub: string;
beforeAll(async () => {
  rig = await startDeliveryRig();
  sub = await rig.subscribe({ name: 'Moveworks - Metrics' });
});
afterAll(async () => {
  await rig?.close();
});

const scrape = async (token?: string) =>
  fetch(`${rig.ferry.server.url}/metrics`, {
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

/** The value of one sample line, e.g. `ferry_queue_depth{subscription="…"}`. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  it('refuses a scrape without an admin token with 401 problem+json', async () => {
    const res = await scrape();
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'ERR_ADMIN_TOKEN_MISSING' });
    expect((await scrape('nope')).status).toBe(401);
  });

  it('counts deliveries, latency, token requests and queue depth per subscription', async () => {
    for (let i = 0; i < 5; i++) await rig.send(`m-${i}`, 'ada@example.test');
    await rig.settled(sub);
    const res = await scrape(rig.ferry.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const s = `subscription="${sub}"`;
    expect(sample(text, `ferry_delivery_attempts_total{${s},outcome="delivered"}`)).toBe(5);
    expect(sample(text, `ferry_delivery_request_duration_seconds_count{${s}}`)).toBe(5);
    // The Connection Test before the first save asks for a token of its own, then delivery one more.
    expect(sample(text, `ferry_token_requests_total{${s}}`)).toBe(rig.sim.state.stats().tokenRequests);
    expect(sample(text, `ferry_queue_depth{${s}}`)).toBe(0);
    expect(sample(text, `ferry_transfers{${s},status="delivered"}`)).toBe(5);
    expect(sample(text, `ferry_subscription_info{${s},name="Moveworks - Metrics"}`)).toBe(1);
    expect(text).toContain('# TYPE ferry_delivery_request_duration_seconds histogram');
    expect(text).toContain('ferry_process_cpu_seconds_total');
  });

  it('never shows a subscription secret', async () => {
    const text = await (await scrape(rig.ferry.token)).text();
    expect(text).not.toContain('ferry-demo-secret');
  });

  it('is open with FERRY_METRICS_PUBLIC=true', async () => {
    const open = await startTestFerry({ FERRY_METRICS_PUBLIC: 'true' });
    try {
      const res = await fetch(`${open.server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('# TYPE ferry_delivery_attempts_total counter');
    } finally {
      await open.server.close();
    }
  });
});
