// POST /api/v1/connectors/{name}/test: obtains credentials and calls the test path; reports what was sent.
import { operationRoute } from '../../admin-route.js';
import { connectorTestResult, nameParam } from '../../contracts/connectors.js';

export const testConnector = operationRoute(
  ['post', '/connectors/{name}/test', 'Test a connector'],
  { params: nameParam, refusals: [404] },
  [connectorTestResult, 'The test ran; `ok` says whether it passed, `error` why not'],
  (deps, { name }) => deps.testConnector(name),
  'Obtains credentials (a token request where the auth type has one) and, when a test path is set, calls it.',
);
