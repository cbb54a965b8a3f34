// Mapping collections end to end: default rows, every row type, filters, formula failures, clone/export/import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';

let rig: DeliveryRig;
beforeAll(async () => {
  rig = await startDeliveryRig();
});
afterAll(() => rig.close());

const api = async <T>(method: string, path: string, body?: unknown) => {
  const res = await rig.ferry.api(method, path, body);
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
};
const collections = (sub: string) => `/subscriptions/${sub}/mapping-collections`;
const EVENT = '7c1f5d2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f';

/** A subscription whose default collection is switched off, with `collection` as its mapping. */
async function withCollection(collection: Record<string, unknown>): Promise<string> {
  const sub = await rig.subscribe();
  await api('PATCH', `${collections(sub)}/Moveworks Message Add From Ferry`, { status: 'Inactive' });
  const created = await api('POST', collections(sub), collection);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return sub;
}

async function lastTransfer(sub: string) {
  await rig.settled(sub);
  const res = await api<{
    items: { status: string; errorCode?: string; errorText?: string; trackingId: string }[];
  }>('GET', `/transfers?subscription=${sub}&limit=1`);
  return res.body.items[0];
}

describe('mapping collections', () => {
  it('"Create Default Mappings" makes the default mapping as editable rows that deliver the same payload', async () => {
    const sub = await rig.subscribe();
    const list = await api<{ items: { name: string; rows: unknown[]; status: string }[] }>(
      'GET',
      collections(sub),
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({
        name: 'Moveworks Message Add From Ferry',
        status: 'Enabled',
        rows: expect.any(Array),
      }),
    ]);
    expect(list.body.items[0]?.rows).toHaveLength(6);
    await rig.send('dm-1', 'a@example.com', {
      Detail: 'more',
      CustomFields: { 'Moveworks Message Recipients': 'a@example.com', Ticket: 'INC9' },
    });
    await rig.settled(sub);
    expect(rig.sim.state.messages().at(-1)).toMatchObject({
      message: 'message dm-1<br>more',
      recipients: ['a@example.com'],
      context: { slots: { Ticket: 'INC9' } },
    });
  });

  it('changes only the fields a PATCH names: switching a collection off keeps its rows and filters', async () => {
    const sub = await rig.subscribe();
    const name = 'Moveworks Message Add From Ferry';
    const before = await api<{ rows: unknown[]; description: string }>('GET', `${collections(sub)}/${name}`);
    const patched = await api<{ status: string; rows: unknown[]; description: string }>(
      'PATCH',
      `${collections(sub)}/${name}`,
      { status: 'Inactive' },
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ status: 'Inactive', description: before.body.description });
    expect(patched.body.rows).toEqual(before.body.rows);
    expect(patched.body.rows).toHaveLength(6);
  });

  it('maps with static, field, formula and lookup rows', async () => {
    const sub = await withCollection({
      name: 'Tickets',
      rows: [
        { type: 'static', destination: 'EventId', value: EVENT },
        {
          type: 'formula',
          destination: 'Recipients',
          formula: "SplitEmails(GetCustomFieldValue(CustomFields, 'To'))",
        },
        { type: 'formula', destination: 'Message', formula: "return '<b>' + Truncate(Text, 5) + '</b>';" },
        { type: 'field', destination: 'Context.Slots.severity', field: 'Severity' },
        { type: 'lookup', destination: 'Context.Slots.team', field: 'CustomFields.Group', table: 'teams' },
      ],
      lookups: { teams: { values: { hw: 'Hardware' }, default: 'Service Desk' } },
    });
    await rig.send('rows-1', '', {
      Text: 'Laptop ready',
      Severity: 'Warning',
      CustomFields: { To: 'x@example.com;y@example.com', Group: 'hw' },
    });
    await rig.send('rows-2', '', { Text: 'Other', CustomFields: { To: 'z@example.com', Group: 'zz' } });
    await rig.settled(sub);
    const got = rig.sim.state.messages().slice(-2);
    expect(got[0]).toMatchObject({
      message: '<b>Lapto</b>',
      recipients: ['x@example.com', 'y@example.com'],
      context: { slots: { severity: 'Warning', team: 'Hardware' } },
    });
    expect(got[1]?.context).toEqual({ slots: { severity: 'Info', team: 'Service Desk' } });
  });

  it('skips on the mapping filter and fails on the error filter, both in the logs', async () => {
    const sub = await withCollection({
      name: 'Filtered',
      mappingFilter: "Severity !== 'Verbose'",
      errorFilter: "IsEmpty(GetCustomFieldValue(CustomFields, 'Owner')) ? 'Owner is required' : ''",
      rows: [
        { type: 'static', destination: 'EventId', value: EVENT },
        { type: 'field', destination: 'Recipients', field: 'CustomFields.Moveworks Message Recipients' },
        { type: 'field', destination: 'Message', field: 'Text' },
      ],
    });
    await rig.send('flt-1', 'a@example.com', { Severity: 'Verbose' });
    expect(await lastTransfer(sub)).toMatchObject({ status: 'skipped', errorCode: 'MAPPING_FILTER' });
    await rig.send('flt-2', 'a@example.com');
    const failed = await lastTransfer(sub);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'ERROR_FILTER' });
    expect(failed?.errorText).toBe('Could not Post Message To Moveworks: Owner is required');
    const activity = await api<{ items: { messageId: string; status: string }[] }>(
      'GET',
      `/activity?subscription=${sub}`,
    );
    expect(activity.body.items.map((a) => `${a.messageId}:${a.status}`)).toEqual([
      'flt-2:failed',
      'flt-1:skipped',
    ]);
  });

  it('fails a transfer whose mapping makes an invalid payload, naming the row, before any request', async () => {
    const good = await rig.subscribe();
    const bad = await withCollection({
      name: 'Broken',
      rows: [
        { type: 'static', destination: 'EventId', value: 'not-a-uuid' },
        { type: 'field', destination: 'Recipients', field: 'CustomFields.Moveworks Message Recipients' },
        { type: 'field', destination: 'Message', field: 'Text' },
      ],
    });
    const sends = rig.sim.state.stats().byEndpoint.eventSend;
    await rig.send('inv-1', 'a@example.com');
    const failed = await lastTransfer(bad);
    expect(failed?.errorText).toContain('eventId: must be a UUID');
    expect(failed?.errorText).toContain('row 1 (EventId, static)');
    await rig.settled(good);
    expect(rig.sim.state.stats().byEndpoint.eventSend).toBeLessThanOrEqual(sends + 10);
  });

  it('reports formula syntax errors at save time with line and column', async () => {
    const sub = await rig.subscribe();
    const res = await api<{ code: string; errors: { path: string; message: string }[] }>(
      'POST',
      collections(sub),
      {
        name: 'Bad syntax',
        rows: [{ type: 'formula', destination: 'Message', formula: 'const x = 1;\nreturn x +* 2;' }],
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ERR_FORMULA_SYNTAX');
    expect(res.body.errors[0]).toMatchObject({ path: 'rows.0.formula' });
    expect(res.body.errors[0]?.message).toMatch(/line 2, column \d+/);
  });

  it('refuses at save time a lookup row naming a table the collection does not have', async () => {
    const sub = await rig.subscribe();
    const res = await api<{ code: string; errors: { path: string; code: string; message: string }[] }>(
      'POST',
      collections(sub),
      {
        name: 'Missing table',
        rows: [{ type: 'lookup', destination: 'Message', field: 'Severity', table: 'constructor' }],
        lookups: { severities: { values: { High: 'Urgent' } } },
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ERR_REQUEST_VALIDATION');
    expect(res.body.errors).toEqual([
      { path: 'rows.0.table', code: 'unknown_lookup_table', message: 'no lookup table "constructor"' },
    ]);
  });

  it('fails only the transfer whose formula throws or runs away, and keeps delivering', async () => {
    const sub = await withCollection({
      name: 'Hostile',
      rows: [
        { type: 'static', destination: 'EventId', value: EVENT },
        { type: 'field', destination: 'Recipients', field: 'CustomFields.Moveworks Message Recipients' },
        {
          type: 'formula',
          destination: 'Message',
          formula:
            "if (Text === 'loop') { while (true) {} }\nif (Text === 'throw') { null.x; }\nreturn Text;",
        },
      ],
    });
    await rig.send('hf-1', 'a@example.com', { Text: 'loop' });
    await rig.send('hf-2', 'a@example.com', { Text: 'throw' });
    await rig.send('hf-3', 'a@example.com', { Text: 'fine' });
    await rig.settled(sub);
    const items = (
      await api<{ items: { messageId: string; status: string; errorCode?: string }[] }>(
        'GET',
        `/transfers?subscription=${sub}`,
      )
    ).body.items;
    const by = Object.fromEntries(items.map((t) => [t.messageId, t]));
    expect(by['hf-1']).toMatchObject({ status: 'failed', errorCode: 'ERR_FORMULA_TIMEOUT' });
    expect(by['hf-2']).toMatchObject({ status: 'failed', errorCode: 'ERR_FORMULA_RUNTIME' });
    expect(by['hf-3']).toMatchObject({ status: 'delivered' });
  });

  it('clones (Inactive), exports and imports a collection', async () => {
    const sub = await rig.subscribe();
    const name = 'Moveworks Message Add From Ferry';
    const clone = await api<{ name: string; status: string }>('POST', `${collections(sub)}/${name}/clone`, {
      name: 'Copy',
    });
    expect(clone.body).toMatchObject({ name: 'Copy', status: 'Inactive' });
    const exported = await api<Record<string, unknown>>('GET', `${collections(sub)}/${name}/export`);
    expect(exported.body).not.toHaveProperty('id');
    const other = await rig.subscribe();
    await api('DELETE', `${collections(other)}/${name}`);
    const imported = await api<{ rows: unknown[] }>('POST', collections(other), exported.body);
    expect(imported.status).toBe(201);
    expect(imported.body.rows).toEqual(exported.body.rows);
    expect((await api('POST', collections(other), exported.body)).status).toBe(409);
  });

  it('evaluates a formula and a whole collection against a sample Message', async () => {
    const message = {
      Id: 's-1',
      Text: 'Hello',
      CustomFields: { 'Moveworks Message Recipients': 'a@example.com' },
    };
    const value = await api('POST', '/formulas/evaluate', { message, formula: "ConvertToInt('42') + 1" });
    expect(value.body).toEqual({ value: 43 });
    const sub = await rig.subscribe();
    const outcome = await api('POST', '/formulas/evaluate', { message, subscription: sub });
    expect(outcome.body).toMatchObject({
      outcome: {
        kind: 'payload',
        payload: { eventId: EVENT, message: 'Hello', recipients: ['a@example.com'] },
      },
    });
    const runaway = await api<{ error: { code: string } }>('POST', '/formulas/evaluate', {
      message,
      formula: 'while(true){}',
    });
    expect(runaway.body.error.code).toBe('ERR_FORMULA_TIMEOUT');
  });
});
