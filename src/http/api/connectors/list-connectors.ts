// GET /api/v1/connectors: every connector, secrets hidden.
import { createRoute, z } from '@hono/zod-openapi';
import { connectorView } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';
import { toConnectorView } from './connector-view.js';

const route = createRoute({
  method: 'get',
  path: '/connectors',
  tags: ['connectors'],
  summary: 'List connectors',
  security: adminSecurity,
  responses: { 200: json(z.object({ items: z.array(connectorView) }), 'Connectors by name'), ...problems() },
});

export const listConnectors: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json({ items: (await deps.connectors.list()).map(toConnectorView) }, 200),
  );
