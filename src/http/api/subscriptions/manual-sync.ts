// POST /api/v1/subscriptions/{id}/manual-sync: up to 3,000 message ids through one subscription.
import { adminRoute } from '../../admin-route.js';
import { manualSyncInput, manualSyncResult, subscriptionParam } from '../../contracts/subscriptions.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = adminRoute('post', '/subscriptions/{id}/manual-sync', 'Manual Sync', {
  description:
    'Queues the messages for this subscription: new ones get transfers, failed or unconfirmed ones are retried, ' +
    'delivered ones are never sent twice. `debug` puts them first and logs every request and response (masked).',
  request: { params: subscriptionParam, body: jsonBody(manualSyncInput) },
  responses: { 200: json(manualSyncResult, 'What happened to each id'), ...problems(400, 404) },
});

export const manualSync: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const { ids, debug } = c.req.valid('json');
    return c.json(await deps.transfers.manualSync(c.req.valid('param').id, ids, debug), 200);
  });
