// GET /api/v1/subscriptions/{id}: one subscription (by id or name) with its transfers per status.
import { createRoute } from '@hono/zod-openapi';
import { subscriptionParam, subscriptionView } from '../../contracts/subscriptions.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';
import { toSubscriptionView } from './subscription-view.js';

const route = createRoute({
  method: 'get',
  path: '/subscriptions/{id}',
  tags: ['subscriptions'],
  summary: 'Show a subscription',
  security: adminSecurity,
  request: { params: subscriptionParam },
  responses: { 200: json(subscriptionView, 'The subscription'), ...problems(404) },
});

export const getSubscription: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const sub = await deps.subscriptions.get(c.req.valid('param').id);
    return c.json(toSubscriptionView(sub, await deps.transfers.countByStatus(sub.id)), 200);
  });
