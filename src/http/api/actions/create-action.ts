// POST /api/v1/actions: creates an HTTP action on a connector.
import { createRoute } from '@hono/zod-openapi';
import { actionInput } from '../../../core/actions/action.js';
import { actionView } from '../../contracts/actions.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = createRoute({
  method: 'post',
  path: '/actions',
  tags: ['actions'],
  summary: 'Create an HTTP action',
  security: adminSecurity,
  request: { body: jsonBody(actionInput) },
  responses: { 201: json(actionView, 'Created'), ...problems(400, 409) },
});

export const createAction: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.actions.create(c.req.valid('json')), 201));
