// POST /api/v1/connectors: creates a connector; 400 lists every problem with the config.
import { createRoute } from '@hono/zod-openapi';
import { connectorInput } from '../../../core/connectors/connector.js';
import { connectorView } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';
import { toConnectorView } from './connector-view.js';

const route = createRoute({
  method: 'post',
  path: '/connectors',
  tags: ['connectors'],
  summary: 'Create a connector',
  security: adminSecurity,
  request: { body: jsonBody(connectorInput) },
  responses: { 201: json(connectorView, 'Created; secrets are never returned'), ...problems(400, 409) },
});

export const createConnector: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json(toConnectorView(await deps.connectors.create(c.req.valid('json'))), 201),
  );
