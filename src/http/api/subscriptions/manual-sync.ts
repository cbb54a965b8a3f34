// POST /api/v1/subscriptions/{id}/manual-sync: up to 3,000 message ids through one subscription.
import { operationRoute } from '../../admin-route.js';
import { manualSyncInput, manualSyncResult, subscriptionParam } from '../../contracts/subscriptions.js';

export const manualSync = operationRoute(
  ['post', '/subscriptions/{id}/manual-sync', 'Manual Sync'],
  { params: subscriptionParam, body: manualSyncInput, refusals: [400, 404] },
  [manualSyncResult, 'What happened to each id'],
  (deps, { id }, { ids, debug }) => deps.transfers.manualSync(id, ids, debug),
  'Queues the messages for this subscription: new ones get transfers, failed or unconfirmed ones are retried, ' +
    'delivered ones are never sent twice. `debug` puts them first and logs every request and response (masked).',
);
