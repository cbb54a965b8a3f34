// POST /api/v1/subscriptions/{id}/send-test: one sample message to an event and recipients, right now.
import { operationRoute } from '../../admin-route.js';
import { sendTestInput, sendTestResult, subscriptionParam } from '../../contracts/subscriptions.js';

export const sendTest = operationRoute(
  ['post', '/subscriptions/{id}/send-test', 'Send Test'],
  { params: subscriptionParam, body: sendTestInput, refusals: [400, 404, 503] },
  [sendTestResult, 'The send ran; `ok` says whether Moveworks accepted it'],
  (deps, { id }, body) => deps.subscriptions.sendTest(id, body),
  'Sends one message (Events API) or one notification (webhook listener) straight to Moveworks, through the ' +
    'throttle, not the outbox.',
);
