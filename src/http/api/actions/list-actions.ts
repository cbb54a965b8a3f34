// GET /api/v1/actions: every action.
import { createRoute, z } from '@hono/zod-openapi';
import { actionView } from '../../contracts/actions.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = createRoute({
  method: 'get',
  path: '/actions',
  tags: ['actions'],
  summary: 'List HTTP actions',
  security: adminSecurity,
  responses: { 200: json(z.object({ items: z.array(actionView) }), 'Actions by name'), ...problems() },
});

export const listActions: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json({ items: await deps.actions.list() }, 200));
