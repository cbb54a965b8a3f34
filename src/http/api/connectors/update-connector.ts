// PATCH /api/v1/connectors/{name}: partial update; secrets not sent keep their values.
import { createRoute } from '@hono/zod-openapi';
import { connectorPatch } from '../../../core/connectors/connector.js';
import { connectorView, nameParam } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';
import { toConnectorView } from './connector-view.js';

const route = createRoute({
  method: 'patch',
  path: '/connectors/{name}',
  tags: ['connectors'],
  summary: 'Change a connector',
  security: adminSecurity,
  request: { params: nameParam, body: jsonBody(connectorPatch) },
  responses: { 200: json(connectorView, 'The updated connector'), ...problems(400, 404) },
});

export const updateConnector: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json(
      toConnectorView(await deps.connectors.update(c.req.valid('param').name, c.req.valid('json'))),
      200,
    ),
  );
