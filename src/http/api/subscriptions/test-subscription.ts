// POST /api/v1/subscriptions/{id}/test: the Connection Test on demand.
import { operationRoute } from '../../admin-route.js';
import { connectionTestResult, subscriptionParam } from '../../contracts/subscriptions.js';

export const testSubscription = operationRoute(
  ['post', '/subscriptions/{id}/test', 'Connection Test'],
  { params: subscriptionParam, refusals: [404, 503] },
  [connectionTestResult, 'The test ran; `ok` says whether it passed'],
  (deps, { id }) => deps.subscriptions.test(id),
  'Events API: a token request and GET /rest/v1/auth/test. Webhook listener: the credentials only (oauth: a ' +
    'token request; api_key: the header is built; none: nothing), never a notification. A pass resumes a ' +
    'subscription stopped by refused credentials.',
);
