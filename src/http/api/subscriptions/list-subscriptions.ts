// GET /api/v1/subscriptions: every subscription, secrets hidden.
import { createRoute, z } from '@hono/zod-openapi';
import { subscriptionView } from '../../contracts/subscriptions.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';
import { toSubscriptionView } from './subscription-view.js';

const route = createRoute({
  method: 'get',
  path: '/subscriptions',
  tags: ['subscriptions'],
  summary: 'List subscriptions',
  security: adminSecurity,
  responses: {
    200: json(z.object({ items: z.array(subscriptionView) }), 'Subscriptions by name'),
    ...problems(),
  },
});

export const listSubscriptions: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json({ items: (await deps.subscriptions.list()).map((s) => toSubscriptionView(s)) }, 200),
  );
