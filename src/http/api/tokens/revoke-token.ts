// DELETE /api/v1/tokens/{id}: revokes an admin token at once.
import { createRoute } from '@hono/zod-openapi';
import { tokenIdParam } from '../../contracts/tokens.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { problems } from '../../responses.js';

const route = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  tags: ['tokens'],
  summary: 'Revoke an admin token',
  security: adminSecurity,
  request: { params: tokenIdParam },
  responses: { 204: { description: 'Revoked' }, ...problems(404) },
});

export const revokeToken: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    await deps.tokens.revoke(c.req.valid('param').id);
    return c.body(null, 204);
  });
