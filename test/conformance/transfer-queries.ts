// Conformance of what operators read and change (part of the storage suite): ingest, listing, replay, dismissal.
import { describe, expect, it } from 'vitest';
import type { NewTransfer } from '../../src/core/ports/delivery-storage.js';
import { FIXTURE_AT, insertSubscription, queuedMessage } from '../support/storage-fixtures.js';
import { freshStorageEach, type StorageHarness } from './fresh-storage.js';

/** A transfer of message `id` that mapping failed. */
const failedAtMapping = (id: string): NewTransfer => ({
  ...queuedMessage(id).transfers[0]!,
  payloadJson: null,
  status: 'failed',
  errorCode: 'MAPPING',
  errorText: 'no recipients',
});

export function describeTransferQueriesConformance(backend: string, harness: StorageHarness): void {
  describe(`transfer queries conformance: ${backend}`, () => {
    const { storage: s } = freshStorageEach(harness, insertSubscription);

    it('ingests each Message Id once, a repeat in the same batch included, and logs mapping failures at once', async () => {
      const first = await s.delivery.ingest([
        queuedMessage('a'),
        queuedMessage('a'),
        { ...queuedMessage('b'), transfers: [failedAtMapping('b')] },
      ]);
      expect(first.map((r) => r.duplicate)).toEqual([false, true, false]);
      expect((await s.delivery.ingest([queuedMessage('a')]))[0]?.duplicate).toBe(true);
      expect(await s.delivery.countByStatus()).toEqual({ queued: 1, failed: 1 });
      const lines = await s.delivery.attempts({ subscriptionId: 'sub', errorsOnly: true }, 10);
      expect(lines.map((l) => [l.trackingId, l.outcome, l.errorText])).toEqual([
        ['t-b', 'failed', 'no recipients'],
      ]);
      expect((await s.delivery.getMessages(['a', 'b', 'c'])).map((m) => m.id).sort()).toEqual(['a', 'b']);
      // A transfer that exists already is not added again.
      expect(await s.delivery.addTransfers([queuedMessage('a').transfers[0]!])).toBe(0);
    });

    it('lists transfers newest first by filter, a page at a time', async () => {
      await s.delivery.ingest(['a', 'b', 'c'].map(queuedMessage));
      await s.delivery.ingest([{ ...queuedMessage('d'), transfers: [failedAtMapping('d')] }]);
      const all = await s.delivery.listTransfers({}, 10);
      expect(all.map((t) => t.trackingId)).toEqual(['t-d', 't-c', 't-b', 't-a']);
      const page = await s.delivery.listTransfers({}, 2, all[1]!.seq);
      expect(page.map((t) => t.trackingId)).toEqual(['t-b', 't-a']);
      expect((await s.delivery.listTransfers({ statuses: ['failed'] }, 10)).map((t) => t.trackingId)).toEqual(
        ['t-d'],
      );
      expect((await s.delivery.listTransfers({ statuses: [] }, 10)).length).toBe(0);
      expect(
        (await s.delivery.listTransfers({ trackingIds: ['t-a', 't-c'] }, 10)).map((t) => t.trackingId),
      ).toEqual(['t-c', 't-a']);
      expect((await s.delivery.listTransfers({ messageId: 'b' }, 10)).map((t) => t.trackingId)).toEqual([
        't-b',
      ]);
      expect(await s.delivery.getTransfer('t-d')).toMatchObject({
        status: 'failed',
        debug: false,
        payloadJson: null,
      });
    });

    it('reads due transfers by priority, then due time, and knows the next due time', async () => {
      await s.delivery.ingest(['a', 'b'].map(queuedMessage));
      await s.delivery.ingest([
        {
          ...queuedMessage('c'),
          transfers: [{ ...queuedMessage('c').transfers[0]!, priority: 1, debug: true }],
        },
      ]);
      const due = await s.delivery.due('sub', 1, 10);
      expect(due.map((t) => [t.trackingId, t.debug])).toEqual([
        ['t-c', true],
        ['t-a', false],
        ['t-b', false],
      ]);
      expect(await s.delivery.nextDueAt('sub')).toBe(0);
      expect(await s.delivery.nextDueAt('other')).toBeUndefined();
    });

    it('replays failed transfers with a payload and dismisses the rest', async () => {
      await s.delivery.ingest([{ ...queuedMessage('a'), transfers: [failedAtMapping('a')] }]);
      await s.delivery.ingest([queuedMessage('b')]);
      const [b] = await s.delivery.due('sub', 1, 10);
      const lease = { owner: 'o', until: 1e15 };
      await s.delivery.commit({ finished: [], claim: [b!.seq], at: FIXTURE_AT, lease });
      const attempt = {
        trackingId: 't-b',
        subscriptionId: 'sub',
        messageId: 'b',
        attempt: 1,
        durationMs: 1,
        at: FIXTURE_AT,
      };
      await s.delivery.commit({
        finished: [
          {
            seq: b!.seq,
            status: 'failed',
            attemptsDelta: 0,
            nextAttemptAt: 0,
            httpStatus: 400,
            errorCode: 'HTTP_400',
            errorText: 'bad',
            deliveredAtMs: null,
            attempt: { ...attempt, outcome: 'failed', httpStatus: 400, errorText: 'bad' },
          },
        ],
        claim: [],
        at: FIXTURE_AT,
        lease,
      });
      // Only `b` has a payload to send again; `a` failed at mapping.
      expect(await s.delivery.requeue({ subscriptionId: 'sub' }, 5, 1, true, FIXTURE_AT)).toBe(1);
      expect(await s.delivery.getTransfer('t-b')).toMatchObject({
        status: 'queued',
        attempts: 0,
        priority: 1,
        debug: true,
      });
      expect(await s.delivery.dismiss({ subscriptionId: 'sub' }, FIXTURE_AT)).toBe(1);
      expect(await s.delivery.countByStatus('sub')).toEqual({ queued: 1, dismissed: 1 });
    });

    it('finds subscriptions by id or name, refuses a taken name, and drops transfers with the subscription', async () => {
      await s.delivery.ingest([queuedMessage('a')]);
      expect((await s.subscriptions.get('Moveworks - Test'))?.id).toBe('sub');
      const other = { ...(await s.subscriptions.get('sub'))!, id: 'sub2', name: 'Other' };
      expect(await s.subscriptions.insert(other)).toBe(true);
      expect(await s.subscriptions.insert({ ...other, id: 'sub3' })).toBe(false);
      expect(await s.subscriptions.update({ ...other, name: 'Moveworks - Test' })).toBe(false);
      await s.subscriptions.setHealth('sub2', 'auth_failed', 'expired');
      expect(await s.subscriptions.get('sub2')).toMatchObject({
        health: 'auth_failed',
        healthDetail: 'expired',
      });
      expect((await s.subscriptions.list()).map((x) => x.name)).toEqual(['Moveworks - Test', 'Other']);
      const collection = {
        id: 'c1',
        subscriptionId: 'sub',
        name: 'Default',
        sortOrder: 1,
        definitionJson: '{}',
        createdAt: FIXTURE_AT,
        updatedAt: FIXTURE_AT,
      };
      expect(await s.collections.insert(collection)).toBe(true);
      expect(await s.collections.insert({ ...collection, id: 'c2' })).toBe(false);
      expect((await s.collections.get('sub', 'Default'))?.id).toBe('c1');
      expect(await s.subscriptions.delete('sub')).toBe(true);
      expect(await s.delivery.getTransfer('t-a')).toBeUndefined();
      expect(await s.collections.list('sub')).toEqual([]);
    });
  });
}
