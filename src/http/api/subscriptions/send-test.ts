// POST /api/v1/subscriptions/{id}/send-test: one sample message to an event and recipients, right now.
import { adminRoute } from '../../admin-route.js';
import { sendTestInput, sendTestResult, subscriptionParam } from '../../contracts/subscriptions.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = adminRoute('post', '/subscriptions/{id}/send-test', 'Send Test', {
  description:
    'Sends one message (Events API) or one notification (webhook listener) straight to Moveworks, through the ' +
    'throttle, not the outbox.',
  request: { params: subscriptionParam, body: jsonBody(sendTestInput) },
  responses: {
    200: json(sendTestResult, 'The send ran; `ok` says whether Moveworks accepted it'),
    ...problems(400, 404, 503),
  },
});

export const sendTest: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json(await deps.subscriptions.sendTest(c.req.valid('param').id, c.req.valid('json')), 200),
  );
