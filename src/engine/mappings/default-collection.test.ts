// The default mapping exists twice: as code (the fast path with no collection) and as the editable rows that
// "Create Default Mappings" saves. These tests keep the two giving the same payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQuickJsFormulaEngine } from '../../adapters/formula/quickjs-formula-engine.js';
import { defaultCollection } from '../../core/mappings/mapping.js';
import type { Message } from '../../core/messages/message.js';
import type { FormulaEngine } from '../../core/ports/formula.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { runCollection } from './mapping-runner.js';
import { defaultOutcome } from '../messages/transfer-plan.js';

const EVENT = '7c1f5d2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f';
const OTHER_EVENT = '0b6c9a4e-1d2f-4a3b-9c8d-7e6f5a4b3c2d';

const message = (fields: Partial<Message>): Message => ({
  Id: 'm-1',
  Type: 'Other',
  Severity: 'Info',
  Text: 'Disk almost full',
  CustomFields: {},
  ExternalIds: [],
  Links: [],
  CreatedTime: '2026-01-01T00:00:00.000Z',
  ...fields,
});

const cases: [string, Message][] = [
  ['recipients only', message({ CustomFields: { 'Moveworks Message Recipients': 'a@example.com' } })],
  [
    'Detail, duplicate and mixed separators, slots',
    message({
      Detail: 'on /var',
      CustomFields: {
        'Moveworks Message Recipients': 'a@example.com; b@example.com a@example.com,c@example.com',
        Host: 'db-1',
        Team: 'storage',
      },
    }),
  ],
  [
    'an event id of its own',
    message({
      CustomFields: { 'Moveworks Message Recipients': 'a@example.com', 'Moveworks Event Id': OTHER_EVENT },
    }),
  ],
  ['no recipients (invalid either way)', message({ CustomFields: { Host: 'db-1' } })],
];

let formulas: FormulaEngine;
beforeAll(async () => {
  formulas = await createQuickJsFormulaEngine();
});
afterAll(() => formulas.close());

describe('the default collection', () => {
  const collection = { ...defaultCollection(), id: 'c', subscriptionId: 's', createdAt: '', updatedAt: '' };
  const sub = { id: 's', createDefaultMappings: true, defaultEventId: EVENT } as Subscription;

  it.each(cases)('maps like the built-in default mapping: %s', async (_, m) => {
    const fromRows = await runCollection(collection, m, { defaultEventId: EVENT }, formulas);
    const builtIn = defaultOutcome(m, sub);
    expect(fromRows.kind).toBe(builtIn.kind);
    if (builtIn.kind === 'payload' && fromRows.kind === 'payload')
      expect(fromRows.payload).toEqual(builtIn.payload);
  });
});
