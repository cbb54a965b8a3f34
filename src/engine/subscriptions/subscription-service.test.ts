// SubscriptionService on real SQLite: a failed "Create Default Mappings" step leaves nothing half saved.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyring, generateMasterKey } from '../../adapters/crypto/keyring.js';
import { createQuickJsFormulaEngine } from '../../adapters/formula/quickjs-formula-engine.js';
import { SqliteStorage } from '../../adapters/storage/sqlite/sqlite-storage.js';
import { ManualClock } from '../../core/clock.js';
import type { FormulaEngine } from '../../core/ports/formula.js';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { MappingService } from '../mappings/mapping-service.js';
import { SubscriptionService } from './subscription-service.js';

let storage: SqliteStorage;
let formulas: FormulaEngine;
let forgotten: string[];
let failNext: boolean;
/** What the dispatcher's `changed` resolves with: a test holds it to see whether a save waits for it. */
let delivery: Promise<void>;
let subscriptions: SubscriptionService;

beforeEach(async () => {
  storage = new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'ferry-subs-')), 'ferry.db'));
  await storage.migrate();
  formulas = await createQuickJsFormulaEngine({ timeoutMs: 1_000, memoryBytes: 16 * 1024 * 1024 });
  const clock = new ManualClock();
  forgotten = [];
  failNext = false;
  delivery = Promise.resolve();
  const mappings = new MappingService({
    storage,
    clock,
    formulas,
    subscription: (id) => subscriptions.get(id),
    parseMessage: () => {
      throw new Error('not used');
    },
  });
  subscriptions = new SubscriptionService({
    storage,
    sealer: new Keyring([generateMasterKey()]),
    scrubber: new SecretScrubber(),
    clock,
    // Saved without the Connection Test below, so Moveworks is never called; only `forget` is observed.
    runtimes: {
      test: () => Promise.reject(new Error('no Connection Test expected')),
      send: () => Promise.reject(new Error('no send expected')),
      forget: (id) => void forgotten.push(id),
    },
    onChange: () => delivery,
    // The default collection is written, then a later step fails (as a full disk or a lost database would).
    afterCreate: async (sub: Subscription) => {
      await mappings.createDefault(sub.id);
      if (failNext) throw new Error('the database refused the write');
    },
  });
});
afterEach(async () => {
  formulas.close();
  await storage.close();
});

const body = {
  name: 'Moveworks - Production',
  apiUrl: 'https://api.moveworks.ai',
  clientId: 'ferry-client',
  clientSecret: 'a-client-secret',
};

describe('SubscriptionService.create', () => {
  it('undoes the save when "Create Default Mappings" fails, so the same request can be sent again', async () => {
    failNext = true;
    await expect(subscriptions.create(body, { test: false })).rejects.toThrow(
      'the database refused the write',
    );
    expect(await subscriptions.list()).toEqual([]);
    expect(forgotten).toHaveLength(1);
    const [lostId] = forgotten;
    expect(await storage.collections.list(lostId ?? '')).toEqual([]);

    failNext = false;
    const sub = await subscriptions.create(body, { test: false });
    expect((await subscriptions.list()).map((s) => s.name)).toEqual(['Moveworks - Production']);
    expect((await storage.collections.list(sub.id)).map((c) => c.name)).toEqual([
      'Moveworks Message Add From Ferry',
    ]);
  });
});

describe('SubscriptionService.update', () => {
  it('returns only once delivery has taken the change, so a Message accepted after it meets the new settings', async () => {
    const sub = await subscriptions.create(body, { test: false });
    let follow = (): void => undefined;
    delivery = new Promise((done) => (follow = done));
    let returned = false;
    const update = subscriptions
      .update(sub.id, { throttleLimit: 3 }, { test: false })
      .then((saved) => ((returned = true), saved));
    await new Promise((done) => setTimeout(done, 50));
    expect(returned).toBe(false);
    expect((await subscriptions.get(sub.id)).throttleLimit).toBe(3);
    follow();
    expect((await update).throttleLimit).toBe(3);
    expect(returned).toBe(true);
  });
});
