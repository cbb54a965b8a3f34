// `ferry serve` on PostgreSQL (FERRY_DATABASE_URL) end to end: delivery to the simulator, restarts, sealed secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_SECRET } from '../../src/sim/index.js';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';
import { TestSchemas } from '../support/postgres.js';

const CONNECTOR_PASSWORD = 'pw-postgres-e2e-7f3a';

const schemas = new TestSchemas();
let rig: DeliveryRig;
let schema = '';
beforeAll(async () => {
  const created = await schemas.create();
  schema = created.schema;
  rig = await startDeliveryRig({}, { FERRY_DATABASE_URL: created.url });
});
afterAll(async () => {
  await rig.close();
  await schemas.dropAll();
});

describe('ferry serve with FERRY_DATABASE_URL=postgres://…', () => {
  it('keeps its state in PostgreSQL and delivers each Message once', async () => {
    const sub = await rig.subscribe();
    expect((await rig.send('pg-1', 'a@example.com')).duplicate).toBe(false);
    expect((await rig.send('pg-1', 'a@example.com')).duplicate).toBe(true);
    expect(await rig.settled(sub)).toEqual({ delivered: 1 });
    expect(rig.sim.state.messages()).toHaveLength(1);
    const stored = await schemas.query(`SELECT status FROM ${schema}.transfers`);
    expect(stored.rows).toEqual([{ status: 'delivered' }]);
  });

  it('keeps connectors and subscriptions across a restart', async () => {
    const created = await rig.ferry.api('POST', '/connectors', {
      name: 'kept',
      baseUrl: 'http://127.0.0.1:9/api',
      auth: { type: 'basic', username: 'svc', password: CONNECTOR_PASSWORD },
    });
    expect(created.status).toBe(201);
    await rig.restart();
    expect((await rig.ferry.api('GET', '/connectors/kept')).status).toBe(200);
    const subs = (await (await rig.ferry.api('GET', '/subscriptions')).json()) as { items: unknown[] };
    expect(subs.items.length).toBeGreaterThan(0);
  });

  it('stores no secret in plaintext: every row of every table is searched', async () => {
    const dump = await schemas.dump(schema);
    expect(dump).toContain('fsv1.');
    expect(dump).toContain('kept');
    expect(dump).not.toContain(CONNECTOR_PASSWORD);
    expect(dump).not.toContain(DEMO_CLIENT_SECRET);
    expect(dump).not.toContain(rig.ferry.token);
  });
});
