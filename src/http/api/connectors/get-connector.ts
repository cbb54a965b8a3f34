// GET /api/v1/connectors/{name}: one connector, secrets hidden.
import { createRoute } from '@hono/zod-openapi';
import { connectorView, nameParam } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';
import { toConnectorView } from './connector-view.js';

const route = createRoute({
  method: 'get',
  path: '/connectors/{name}',
  tags: ['connectors'],
  summary: 'Show a connector',
  security: adminSecurity,
  request: { params: nameParam },
  responses: { 200: json(connectorView, 'The connector'), ...problems(404) },
});

export const getConnector: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json(toConnectorView(await deps.connectors.get(c.req.valid('param').name)), 200),
  );
