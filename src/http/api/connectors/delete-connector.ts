// DELETE /api/v1/connectors/{name}: removes a connector and its stored tokens; refused while actions use it.
import { createRoute } from '@hono/zod-openapi';
import { nameParam } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { problems } from '../../responses.js';

const route = createRoute({
  method: 'delete',
  path: '/connectors/{name}',
  tags: ['connectors'],
  summary: 'Delete a connector',
  security: adminSecurity,
  request: { params: nameParam },
  responses: { 204: { description: 'Deleted' }, ...problems(404, 409) },
});

export const deleteConnector: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    await deps.connectors.delete(c.req.valid('param').name);
    return c.body(null, 204);
  });
