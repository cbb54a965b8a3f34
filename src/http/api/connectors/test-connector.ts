// POST /api/v1/connectors/{name}/test: obtains credentials and calls the test path; reports what was sent.
import { adminRoute } from '../../admin-route.js';
import { connectorTestResult, nameParam } from '../../contracts/connectors.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = adminRoute('post', '/connectors/{name}/test', 'Test a connector', {
  description:
    'Obtains credentials (a token request where the auth type has one) and, when a test path is set, calls it.',
  request: { params: nameParam },
  responses: {
    200: json(connectorTestResult, 'The test ran; `ok` says whether it passed, `error` why not'),
    ...problems(404),
  },
});

export const testConnector: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.testConnector(c.req.valid('param').name), 200));
