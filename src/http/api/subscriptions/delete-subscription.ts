// DELETE /api/v1/subscriptions/{id}: removes a subscription with its transfers and activity.
import { createRoute } from '@hono/zod-openapi';
import { subscriptionParam } from '../../contracts/subscriptions.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { problems } from '../../responses.js';

const route = createRoute({
  method: 'delete',
  path: '/subscriptions/{id}',
  tags: ['subscriptions'],
  summary: 'Delete a subscription',
  security: adminSecurity,
  request: { params: subscriptionParam },
  responses: { 204: { description: 'Deleted' }, ...problems(404) },
});

export const deleteSubscription: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    await deps.subscriptions.delete(c.req.valid('param').id);
    return c.body(null, 204);
  });
