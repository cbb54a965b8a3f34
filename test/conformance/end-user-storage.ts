// Conformance of the end-user stores (part of the storage suite): hashed sessions, single-use links and states, audiences.
import { describe, expect, it } from 'vitest';
import { storedConnector } from '../support/storage-fixtures.js';
import { freshStorageEach, type StorageHarness } from './fresh-storage.js';

const T0 = Date.UTC(2026, 0, 1);
const state = (stateHash: string, expiresAt = T0 + 600_000) => ({
  stateHash,
  purpose: 'connect' as const,
  email: 'ada@example.test',
  connector: 'c',
  sealedVerifier: `fsv1.${'0'.repeat(16)}.VVV`,
  expiresAt,
});

export function describeEndUserStorageConformance(backend: string, harness: StorageHarness): void {
  describe(`end-user storage conformance: ${backend}`, () => {
    const { storage: s } = freshStorageEach(harness);

    it('finds a session by hash until it expires, and forgets it on delete', async () => {
      await s.endUsers.sessions.insert({ idHash: 'h', email: 'a@x.test', createdAt: T0, expiresAt: T0 + 10 });
      expect((await s.endUsers.sessions.find('h', T0 + 9))?.email).toBe('a@x.test');
      expect(await s.endUsers.sessions.find('h', T0 + 10)).toBeUndefined();
      await s.endUsers.sessions.delete('h');
      expect(await s.endUsers.sessions.find('h', T0)).toBeUndefined();
    });

    it('lets exactly one of two racing takers use a sign-in link', async () => {
      await s.endUsers.signInLinks.insert({
        tokenHash: 'l',
        email: 'a@x.test',
        createdAt: T0,
        expiresAt: T0 + 5,
      });
      const [a, b] = await Promise.all([
        s.endUsers.signInLinks.take('l', T0 + 1),
        s.endUsers.signInLinks.take('l', T0 + 1),
      ]);
      expect([a?.firstUse, b?.firstUse].filter(Boolean)).toHaveLength(1);
      expect(a?.row.email).toBe('a@x.test');
      expect(await s.endUsers.signInLinks.take('unknown', T0)).toBeUndefined();
    });

    it('takes an authorization state once, keeps used ones for replay detection, purges expired ones', async () => {
      await s.endUsers.authorizationStates.insert(state('old', T0 + 1), T0);
      await s.endUsers.authorizationStates.insert(state('st'), T0);
      const first = await s.endUsers.authorizationStates.take('st', T0 + 1);
      expect(first).toEqual({ row: state('st'), firstUse: true });
      expect((await s.endUsers.authorizationStates.take('st', T0 + 2))?.firstUse).toBe(false);
      await s.endUsers.authorizationStates.insert(state('new'), T0 + 2);
      expect(await s.endUsers.authorizationStates.take('old', T0 + 2)).toBeUndefined();
    });

    it('re-seals pending PKCE verifiers with everything else', async () => {
      await s.endUsers.authorizationStates.insert(state('st'), T0);
      expect(await s.resealAll((v) => v.replace('0'.repeat(16), '1'.repeat(16)))).toBe(1);
      const taken = await s.endUsers.authorizationStates.take('st', T0);
      expect(taken?.row.sealedVerifier).toBe(`fsv1.${'1'.repeat(16)}.VVV`);
    });

    it('replaces an action’s launch audience and drops it with the action', async () => {
      await s.connectors.insert(storedConnector('c'));
      await s.actions.insert({
        name: 'a',
        connector: 'c',
        definitionJson: '{}',
        createdAt: 'x',
        updatedAt: 'x',
      });
      await s.endUsers.launchAudiences.set('a', ['b@x.test', 'a@x.test', 'a@x.test']);
      expect(await s.endUsers.launchAudiences.get('a')).toEqual(['a@x.test', 'b@x.test']);
      expect(await s.endUsers.launchAudiences.size('a')).toBe(2);
      await s.endUsers.launchAudiences.set('a', ['c@x.test']);
      expect(await s.endUsers.launchAudiences.get('a')).toEqual(['c@x.test']);
      await s.actions.delete('a');
      expect(await s.endUsers.launchAudiences.get('a')).toEqual([]);
      expect(await s.endUsers.launchAudiences.size('a')).toBe(0);
    });
  });
}
