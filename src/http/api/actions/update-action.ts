// PATCH /api/v1/actions/{name}: changes the fields given.
import { createRoute } from '@hono/zod-openapi';
import { actionPatch } from '../../../core/actions/action.js';
import { actionView } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = createRoute({
  method: 'patch',
  path: '/actions/{name}',
  tags: ['actions'],
  summary: 'Change an HTTP action',
  security: adminSecurity,
  request: { params: nameParam, body: jsonBody(actionPatch) },
  responses: { 200: json(actionView, 'The updated action'), ...problems(400, 404) },
});

export const updateAction: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json(await deps.actions.update(c.req.valid('param').name, c.req.valid('json')), 200),
  );
