// Rows for storage tests: connectors, subscription `sub` and Messages with one queued transfer each.
import type { MessageIngest } from '../../src/core/ports/delivery-storage.js';
import type { Storage, StoredConnector } from '../../src/core/ports/storage.js';

export const FIXTURE_AT = '2026-01-01T00:00:00.000Z';

/** Connector `name` with no auth (or `authJson`). */
export const storedConnector = (name: string, authJson = '{"type":"none"}'): StoredConnector => ({
  name,
  description: 'd',
  baseUrl: 'https://example.test',
  authJson,
  testPath: null,
  createdAt: FIXTURE_AT,
  updatedAt: FIXTURE_AT,
});

/** Message `id` with one queued transfer `t-<id>` for subscription `sub`. */
export const queuedMessage = (id: string): MessageIngest => ({
  id,
  bodyJson: '{}',
  receivedAt: FIXTURE_AT,
  transfers: [
    {
      trackingId: `t-${id}`,
      subscriptionId: 'sub',
      messageId: id,
      part: 1,
      parts: 1,
      payloadJson: '{}',
      status: 'queued',
      errorCode: null,
      errorText: null,
      priority: 0,
      debug: false,
      receivedAtMs: 0,
    },
  ],
});

/** Stores subscription `sub`, with no settings. */
export async function insertSubscription(s: Storage): Promise<void> {
  await s.subscriptions.insert({
    id: 'sub',
    name: 'Moveworks - Test',
    settingsJson: '{}',
    health: 'ok',
    healthDetail: null,
    createdAt: FIXTURE_AT,
    updatedAt: FIXTURE_AT,
  });
}
