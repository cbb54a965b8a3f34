// DELETE /api/v1/actions/{name}: removes an action.
import { createRoute } from '@hono/zod-openapi';
import { nameParam } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { problems } from '../../responses.js';

const route = createRoute({
  method: 'delete',
  path: '/actions/{name}',
  tags: ['actions'],
  summary: 'Delete an HTTP action',
  security: adminSecurity,
  request: { params: nameParam },
  responses: { 204: { description: 'Deleted' }, ...problems(404) },
});

export const deleteAction: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    await deps.actions.delete(c.req.valid('param').name);
    return c.body(null, 204);
  });
