// Authorization states on real SQLite: bound to one user and purpose, single-use, ten minutes, verifier sealed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Keyring, generateMasterKey } from '../../adapters/crypto/keyring.js';
import { SqliteStorage } from '../../adapters/storage/sqlite/sqlite-storage.js';
import { ManualClock } from '../../core/clock.js';
import { AuthorizationStates, STATE_TTL_MS } from './authorization-states.js';

let file: string;
let storage: SqliteStorage;
let clock: ManualClock;
let states: AuthorizationStates;

beforeEach(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'ferry-states-')), 'ferry.db');
  storage = new SqliteStorage(file);
  await storage.migrate();
  clock = new ManualClock();
  states = new AuthorizationStates(
    storage.endUsers.authorizationStates,
    new Keyring([generateMasterKey()]),
    clock,
  );
});
afterEach(async () => {
  await storage.close();
});

const ada = { purpose: 'connect', email: 'ada@example.test' } as const;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );

describe('AuthorizationStates', () => {
  it('gives back the connector and verifier once, to the user who began it', async () => {
    const begun = await states.begin('connect', ada.email, 'crm');
    expect(begun.codeVerifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await codeOf(states.take(begun.state, { ...ada, email: 'bob@example.test' }))).toBe(
      'ERR_OAUTH_STATE_INVALID',
    );
    // Whoever presents it, a state is spent: a leaked one cannot be tried twice.
    expect(await codeOf(states.take(begun.state, ada))).toBe('ERR_OAUTH_STATE_USED');
    const next = await states.begin('connect', ada.email, 'crm');
    expect(await states.take(next.state, ada)).toEqual({ connector: 'crm', codeVerifier: next.codeVerifier });
    expect(await codeOf(states.take(next.state, ada))).toBe('ERR_OAUTH_STATE_USED');
  });

  it('refuses a sign-in state for a connection, an unknown state and an empty one', async () => {
    const signIn = await states.begin('sign_in', '', '');
    expect(await codeOf(states.take(signIn.state, ada))).toBe('ERR_OAUTH_STATE_INVALID');
    expect(await codeOf(states.take('made-up', ada))).toBe('ERR_OAUTH_STATE_INVALID');
    expect(await codeOf(states.take(undefined, ada))).toBe('ERR_OAUTH_STATE_INVALID');
  });

  it('expires after ten minutes', async () => {
    const begun = await states.begin('connect', ada.email, 'crm');
    clock.advance(STATE_TTL_MS);
    expect(await codeOf(states.take(begun.state, ada))).toBe('ERR_OAUTH_STATE_EXPIRED');
  });

  it('stores neither the state nor the verifier in plaintext', async () => {
    const begun = await states.begin('connect', ada.email, 'crm');
    await storage.close();
    const bytes = ['', '-wal']
      .map((suffix) => {
        try {
          return readFileSync(file + suffix).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(bytes).toContain('crm');
    expect(bytes).not.toContain(begun.state);
    expect(bytes).not.toContain(begun.codeVerifier);
    storage = new SqliteStorage(file);
  });
});
