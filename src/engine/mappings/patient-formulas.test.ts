// A formula the busy host could not run is retried, then refused at ingest unstored; a real runaway still fails.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createQuickJsFormulaEngine } from '../../adapters/formula/quickjs-formula-engine.js';
import { SqliteStorage } from '../../adapters/storage/sqlite/sqlite-storage.js';
import { ManualClock } from '../../core/clock.js';
import { FormulaError } from '../../core/errors.js';
import type { MappingCollection } from '../../core/mappings/mapping.js';
import type { FormulaEngine } from '../../core/ports/formula.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { MessageService } from '../messages/message-service.js';
import { MappingService } from './mapping-service.js';
import { FORMULA_RETRY_DELAYS_MS, formulaRetryDelayMs } from './patient-formulas.js';

const EVENT = '7c1f5d2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f';
const sub = { id: 'sub_1', name: 'S', enabled: true, createDefaultMappings: false } as Subscription;
const collection = (formula: string): MappingCollection =>
  ({
    id: 'map_1',
    subscriptionId: sub.id,
    name: 'one formula',
    status: 'Enabled',
    rows: [
      { type: 'static', destination: 'EventId', value: EVENT },
      { type: 'static', destination: 'Recipients', value: 'a@example.com' },
      { type: 'formula', destination: 'Message', formula },
    ],
    lookups: {},
  }) as unknown as MappingCollection;

let real: FormulaEngine;
/** Evaluations the host "cannot run" before it recovers: the real engine's own transient error, on demand. */
let busyFor = 0;
let calls = 0;
const busyHost: FormulaEngine = {
  check: (source) => real.check(source),
  close: () => undefined,
  evaluate: (source, scope) =>
    ++calls > 0 && busyFor-- > 0
      ? Promise.reject(new FormulaError('ERR_FORMULA_UNAVAILABLE', 'the host was too busy'))
      : real.evaluate(source, scope),
};
let storage: SqliteStorage;
let messages: MessageService;
let mappings: MappingService;
let formula = '';

beforeAll(async () => {
  real = await createQuickJsFormulaEngine();
});
afterAll(() => real.close());
beforeEach(async () => {
  busyFor = 0;
  calls = 0;
  storage = new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'ferry-patient-')), 'ferry.db'));
  await storage.migrate();
  // Only the row transfers refer to: the services here are given `sub` itself.
  const at = new Date(0).toISOString();
  const row = {
    id: sub.id,
    name: sub.name,
    settingsJson: '{}',
    healthDetail: null,
    createdAt: at,
    updatedAt: at,
  };
  await storage.subscriptions.insert({ ...row, health: 'ok' });
  const clock = new ManualClock();
  mappings = new MappingService({
    storage,
    clock,
    formulas: busyHost,
    subscription: () => Promise.resolve(sub),
    parseMessage: (body) => messages.parse(body),
  });
  messages = new MessageService({
    storage,
    clock,
    subscriptions: () => Promise.resolve([sub]),
    mapper: () => (m, s) => mappings.map(m, s, [collection(formula)]),
    onQueued: () => undefined,
  });
});
afterEach(async () => {
  await storage.close();
});

describe('formulas on a host too busy to run them', () => {
  it('waits longer before each retry, a pure function of the attempt', () => {
    expect(FORMULA_RETRY_DELAYS_MS.map((_, i) => formulaRetryDelayMs(i + 1))).toEqual([
      20, 80, 300, 800, 1_300,
    ]);
    expect(formulaRetryDelayMs(FORMULA_RETRY_DELAYS_MS.length + 1)).toBeUndefined();
  });

  it('retries, and the Message is queued with its payload once the host can run the formula', async () => {
    formula = 'Truncate(Text, 4)';
    busyFor = 3;
    const outcome = await messages.ingest({ Id: 'm-1', Text: 'Hello world' });
    expect(outcome.transfers).toMatchObject([{ status: 'queued' }]);
    expect([busyFor, calls]).toEqual([-1, 4]);
    const [stored] = await storage.delivery.getMessages(['m-1']);
    expect(stored?.id).toBe('m-1');
  });

  it('refuses the Message with ERR_FORMULA_UNAVAILABLE and stores nothing when the host stays busy', async () => {
    formula = 'Truncate(Text, 4)';
    busyFor = Number.POSITIVE_INFINITY;
    await expect(messages.ingest({ Id: 'm-2', Text: 'Hello' })).rejects.toMatchObject({
      code: 'ERR_FORMULA_UNAVAILABLE',
    });
    expect(await storage.delivery.getMessages(['m-2'])).toEqual([]);
    // Sent again when the host has recovered, it is accepted as new, not a duplicate of a failed one.
    busyFor = 0;
    const again = await messages.ingest({ Id: 'm-2', Text: 'Hello' });
    expect([again.duplicate, again.transfers[0]?.status]).toEqual([false, 'queued']);
  });

  it('still fails a runaway formula for good with ERR_FORMULA_TIMEOUT, without retrying it', async () => {
    formula = 'while (true) {}';
    const outcome = await messages.ingest({ Id: 'm-3', Text: 'Hello' });
    expect(calls).toBe(1);
    expect(outcome.transfers).toMatchObject([
      { status: 'failed', error: expect.stringContaining('more than 50 ms of CPU') as unknown },
    ]);
    const message = messages.parse({ Id: 'm-4', Text: 'Hello' });
    expect(await mappings.map(message, sub, [collection(formula)])).toMatchObject({
      kind: 'failed',
      code: 'ERR_FORMULA_TIMEOUT',
    });
  });
});
