// POST /api/v1/subscriptions: creates a subscription after a passing Connection Test.
import { adminRoute } from '../../admin-route.js';
import { subscriptionInput } from '../../../core/subscriptions/subscription.js';
import { saveQuery, subscriptionView } from '../../contracts/subscriptions.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';
import { toSubscriptionView } from './subscription-view.js';

const route = adminRoute('post', '/subscriptions', 'Create a Moveworks subscription', {
  description:
    'Runs the Connection Test (Events API: token request and GET /rest/v1/auth/test; webhook listener: the ' +
    'credentials, without a notification) first and saves nothing when it fails ' +
    '(422 ERR_SUBSCRIPTION_TEST_FAILED naming the settings to check), unless `?test=false`.',
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
