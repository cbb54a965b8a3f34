// GET /api/v1/actions/{name}: one action.
import { createRoute } from '@hono/zod-openapi';
import { actionView } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = createRoute({
  method: 'get',
  path: '/actions/{name}',
  tags: ['actions'],
  summary: 'Show an HTTP action',
  security: adminSecurity,
  request: { params: nameParam },
  responses: { 200: json(actionView, 'The action'), ...problems(404) },
});

export const getAction: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.actions.get(c.req.valid('param').name), 200));
