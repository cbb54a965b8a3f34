// POST /api/v1/subscriptions/{id}/test: the Connection Test on demand.
import { adminRoute } from '../../admin-route.js';
import { connectionTestResult, subscriptionParam } from '../../contracts/subscriptions.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = adminRoute('post', '/subscriptions/{id}/test', 'Connection Test', {
  description:
    'Events API: a token request and GET /rest/v1/auth/test. Webhook listener: the credentials only (oauth: a ' +
    'token request; api_key: the header is built; none: nothing), never a notification. A pass resumes a ' +
    'subscription stopped by refused credentials.',
  request: { params: subscriptionParam },
  responses: {
    200: json(connectionTestResult, 'The test ran; `ok` says whether it passed'),
    ...problems(404, 503),
  },
});

export const testSubscription: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.subscriptions.test(c.req.valid('param').id), 200));
