// POST /api/v1/subscriptions: creates a subscription after a passing Connection Test.
import { createRoute } from '@hono/zod-openapi';
import { subscriptionInput } from '../../../core/subscriptions/subscription.js';
import { saveQuery, subscriptionView } from '../../contracts/subscriptions.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';
import { toSubscriptionView } from './subscription-view.js';

const route = createRoute({
  method: 'post',
  path: '/subscriptions',
  tags: ['subscriptions'],
  summary: 'Create a Moveworks subscription',
  description:
    'Runs the Connection Test (token request and GET /rest/v1/auth/test) first and saves nothing when it fails ' +
    '(422 ERR_SUBSCRIPTION_TEST_FAILED naming the settings to check), unless `?test=false`.',
  security: adminSecurity,
  request: { query: saveQuery, body: jsonBody(subscriptionInput) },
  responses: {
    201: json(subscriptionView, 'Created; secrets are never returned'),
    ...problems(400, 409, 422),
  },
});

export const createSubscription: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const test = c.req.valid('query').test === 'true';
    return c.json(toSubscriptionView(await deps.subscriptions.create(c.req.valid('json'), { test })), 201);
  });
