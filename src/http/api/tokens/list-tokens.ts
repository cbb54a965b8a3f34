// GET /api/v1/tokens: admin tokens without their values.
import { createRoute, z } from '@hono/zod-openapi';
import { apiTokenView } from '../../contracts/tokens.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = createRoute({
  method: 'get',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'List admin tokens',
  security: adminSecurity,
  responses: { 200: json(z.object({ items: z.array(apiTokenView) }), 'Tokens, oldest first'), ...problems() },
});

export const listTokens: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json({ items: await deps.tokens.list() }, 200));
