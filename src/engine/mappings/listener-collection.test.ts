// Mapping for a webhook listener: the default body twice (code and rows) alike, Body rows, filters, misfits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuickJsFormulaEngine } from '../../adapters/formula/quickjs-formula-engine.js';
import { defaultListenerCollection } from '../../core/mappings/listener-mapping.js';
import {
  defaultCollection,
  mappingCollectionInput,
  type MappingCollection,
} from '../../core/mappings/mapping.js';
import type { Message } from '../../core/messages/message.js';
import type { FormulaEngine } from '../../core/ports/formula.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { defaultOutcome, planTransfers } from '../messages/transfer-plan.js';
import { runCollection } from './mapping-runner.js';

const message = (fields: Partial<Message> = {}): Message => ({
  Id: 'm-1',
  Type: 'Transfer',
  Severity: 'Warning',
  Text: 'Disk almost full',
  CustomFields: { Host: 'db-1', 'Moveworks Message Recipients': 'a@example.com' },
  ExternalIds: [{ System: 'ServiceNow', Id: 'INC1' }],
  Links: [],
  CreatedTime: '2026-01-01T00:00:00.000Z',
  ...fields,
});

const saved = (input: unknown): MappingCollection => ({
  ...mappingCollectionInput.parse(input),
  id: 'c',
  subscriptionId: 's',
  createdAt: '',
  updatedAt: '',
});

const LISTENER = { destination: 'listener' } as const;
const sub = { id: 's', createDefaultMappings: true, destination: 'listener' } as Subscription;

let formulas: FormulaEngine;
beforeAll(async () => {
  formulas = await createQuickJsFormulaEngine();
});
afterAll(() => formulas.close());

describe('listener mapping', () => {
  it.each([
    ['with Detail', message({ Detail: 'on /var' })],
    ['without Detail', message()],
  ])('maps the default collection like the built-in default body: %s', async (_, m) => {
    const fromRows = await runCollection(saved(defaultListenerCollection()), m, LISTENER, formulas);
    const builtIn = defaultOutcome(m, sub);
    expect(builtIn.kind).toBe('body');
    expect(JSON.parse(JSON.stringify(fromRows))).toEqual(JSON.parse(JSON.stringify(builtIn)));
  });

  it('builds nested bodies from field, static, formula and lookup rows', async () => {
    const collection = saved({
      name: 'custom',
      rows: [
        { type: 'field', destination: 'Body.ticket.text', field: 'Text' },
        { type: 'static', destination: 'Body.source', value: 'ferry' },
        {
          type: 'formula',
          destination: 'Body.ticket.host',
          formula: "GetCustomFieldValue(CustomFields, 'Host')",
        },
        { type: 'lookup', destination: 'Body.priority', field: 'Severity', table: 'p' },
        { type: 'static', destination: 'Body', value: { version: 2 } },
      ],
      lookups: { p: { values: { Warning: 'P2' }, default: 'P4' } },
    });
    const outcome = await runCollection(collection, message(), LISTENER, formulas);
    expect(JSON.parse(JSON.stringify(outcome))).toEqual({
      kind: 'body',
      body: {
        ticket: { text: 'Disk almost full', host: 'db-1' },
        source: 'ferry',
        priority: 'P2',
        version: 2,
      },
    });
  });

  it.each([
    [
      'skips on a false mapping filter',
      { mappingFilter: "Severity !== 'Warning'" },
      'skipped',
      'MAPPING_FILTER',
    ],
    [
      'fails on an error filter',
      { errorFilter: "IsEmpty(Detail) ? 'no detail' : ''" },
      'failed',
      'ERROR_FILTER',
    ],
  ])('%s, as for events', async (_, filter, kind, code) => {
    const rows = [{ type: 'field', destination: 'Body.text', field: 'Text' }];
    const outcome = await runCollection(saved({ name: 'f', rows, ...filter }), message(), LISTENER, formulas);
    expect(outcome).toMatchObject({ kind, code });
  });

  it('fails a collection made for the other destination, naming its rows', async () => {
    const onListener = await runCollection(saved(defaultCollection()), message(), LISTENER, formulas);
    expect(onListener).toMatchObject({ kind: 'failed', code: 'INVALID_PAYLOAD' });
    expect(onListener.kind === 'failed' && onListener.text).toContain('row 2 (EventId, field');
    const onEvents = await runCollection(saved(defaultListenerCollection()), message(), {}, formulas);
    expect(onEvents.kind === 'failed' && onEvents.text).toContain('the Events API takes no Body rows');
  });

  it('refuses a body over 1 MB before any request', async () => {
    const big = await runCollection(
      saved({
        name: 'big',
        rows: [{ type: 'formula', destination: 'Body.x', formula: "'x'.repeat(1048577)" }],
      }),
      message(),
      LISTENER,
      formulas,
    );
    expect(big).toMatchObject({ kind: 'failed', code: 'INVALID_PAYLOAD' });
  });

  it('plans one transfer per body, whatever the recipients field says', () => {
    const many = Array.from({ length: 900 }, (_, i) => `u${i}@example.com`).join(',');
    const m = message({ CustomFields: { 'Moveworks Message Recipients': many } });
    const transfers = planTransfers(m, sub, defaultOutcome(m, sub), { receivedAtMs: 0 });
    expect(transfers).toHaveLength(1);
    expect(JSON.parse(transfers[0]?.payloadJson ?? '')).toMatchObject({ Id: 'm-1', Type: 'Transfer' });
  });
});
