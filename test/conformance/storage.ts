// The storage port's conformance suite: every backend (SQLite now, PostgreSQL next) must pass it unchanged.
import { describe, expect, it } from 'vitest';
import { storedConnector } from '../support/storage-fixtures.js';
import { freshStorageEach, type StorageHarness } from './fresh-storage.js';
import { describeDeliveryStorageConformance } from './delivery-storage.js';
import { describeEndUserStorageConformance } from './end-user-storage.js';
import { describeTransferQueriesConformance } from './transfer-queries.js';

export type { StorageHarness };

export function describeStorageConformance(backend: string, harness: StorageHarness): void {
  describeEndUserStorageConformance(backend, harness);
  describeDeliveryStorageConformance(backend, harness);
  describeTransferQueriesConformance(backend, harness);
  describe(`storage conformance: ${backend}`, () => {
    const { storage: s, reopen } = freshStorageEach(harness);

    it('inserts a connector once and refuses a second with the same name', async () => {
      expect(await s.connectors.insert(storedConnector('a'))).toBe(true);
      expect(await s.connectors.insert(storedConnector('a'))).toBe(false);
      expect((await s.connectors.list()).map((c) => c.name)).toEqual(['a']);
    });

    it('updates and deletes connectors, reporting missing ones', async () => {
      await s.connectors.insert(storedConnector('a'));
      expect(await s.connectors.update({ ...storedConnector('a'), description: 'changed' })).toBe(true);
      expect((await s.connectors.get('a'))?.description).toBe('changed');
      expect(await s.connectors.update(storedConnector('missing'))).toBe(false);
      expect(await s.connectors.delete('a')).toBe(true);
      expect(await s.connectors.delete('a')).toBe(false);
      expect(await s.connectors.get('a')).toBeUndefined();
    });

    it('lists the actions that use a connector', async () => {
      await s.connectors.insert(storedConnector('c'));
      const action = { connector: 'c', definitionJson: '{}', createdAt: 'x', updatedAt: 'x' };
      expect(await s.actions.insert({ name: 'b', ...action })).toBe(true);
      expect(await s.actions.insert({ name: 'a', ...action })).toBe(true);
      expect(await s.actions.insert({ name: 'a', ...action })).toBe(false);
      expect(await s.actions.usingConnector('c')).toEqual(['a', 'b']);
    });

    it('finds admin tokens by hash and revokes them once', async () => {
      await s.apiTokens.insert({
        id: 't1',
        name: 'n',
        hash: 'h1',
        createdAt: 'x',
        lastUsedAt: null,
        revokedAt: null,
      });
      expect((await s.apiTokens.findByHash('h1'))?.id).toBe('t1');
      expect(await s.apiTokens.count()).toBe(1);
      expect(await s.apiTokens.revoke('t1', 'y')).toBe(true);
      expect(await s.apiTokens.revoke('t1', 'y')).toBe(false);
      expect(await s.apiTokens.count()).toBe(0);
      expect((await s.apiTokens.findByHash('h1'))?.revokedAt).toBe('y');
    });

    it('compare-and-sets credentials so only one of two racing writers wins', async () => {
      await s.connectors.insert(storedConnector('c'));
      const cred = {
        connector: 'c',
        subject: '',
        sealedJson: 'v1',
        expiresAt: 10,
        needsReauth: false,
        updatedAt: 'x',
      };
      expect(await s.credentials.compareAndSet(cred, 0)).toBe(true);
      expect(await s.credentials.compareAndSet(cred, 0)).toBe(false);
      const first = await s.credentials.get('c', '');
      expect(first?.generation).toBe(1);
      const [a, b] = await Promise.all([
        s.credentials.compareAndSet({ ...cred, sealedJson: 'a' }, 1),
        s.credentials.compareAndSet({ ...cred, sealedJson: 'b' }, 1),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const after = await s.credentials.get('c', '');
      expect(after?.generation).toBe(2);
      expect(after?.sealedJson).toBe(a ? 'a' : 'b');
    });

    it('drops a connector’s credentials with the connector', async () => {
      await s.connectors.insert(storedConnector('c'));
      await s.credentials.compareAndSet(
        {
          connector: 'c',
          subject: 'u@x.test',
          sealedJson: 's',
          expiresAt: null,
          needsReauth: true,
          updatedAt: 'x',
        },
        0,
      );
      expect((await s.credentials.get('c', 'u@x.test'))?.needsReauth).toBe(true);
      await s.connectors.delete('c');
      expect(await s.credentials.get('c', 'u@x.test')).toBeUndefined();
    });

    it('re-seals every sealed value in place and counts them', async () => {
      const sealed = (n: string) => `fsv1.${'0'.repeat(16)}.${n}`;
      await s.connectors.insert(
        storedConnector('c', JSON.stringify({ type: 'basic', username: 'u', password: sealed('AAA') })),
      );
      await s.credentials.compareAndSet(
        {
          connector: 'c',
          subject: '',
          sealedJson: JSON.stringify({ a: sealed('BBB'), r: sealed('CCC') }),
          expiresAt: null,
          needsReauth: false,
          updatedAt: 'x',
        },
        0,
      );
      const n = await s.resealAll((v) => v.replace(`fsv1.${'0'.repeat(16)}.`, `fsv1.${'1'.repeat(16)}.`));
      expect(n).toBe(3);
      expect((await s.connectors.get('c'))?.authJson).toContain(`fsv1.${'1'.repeat(16)}.AAA`);
      expect((await s.credentials.get('c', ''))?.sealedJson).not.toContain('0'.repeat(16));
      expect(await s.resealAll((v) => v)).toBe(0);
    });

    it('keeps data across a restart and migrates idempotently', async () => {
      await s.connectors.insert(storedConnector('kept'));
      await s.close();
      await reopen();
      expect(await s.migrate()).toBeGreaterThan(0);
      expect((await s.connectors.get('kept'))?.baseUrl).toBe('https://example.test');
      expect(await s.ping()).toBe(true);
    });
  });
}
