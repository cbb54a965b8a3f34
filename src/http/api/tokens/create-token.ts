// POST /api/v1/tokens: creates an admin token; its value is in this response only.
import { createRoute } from '@hono/zod-openapi';
import { createdApiToken, createTokenBody } from '../../contracts/tokens.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = createRoute({
  method: 'post',
  path: '/tokens',
  tags: ['tokens'],
  summary: 'Create an admin token',
  security: adminSecurity,
  request: { body: jsonBody(createTokenBody) },
  responses: { 201: json(createdApiToken, 'Created; the token is shown once'), ...problems(400) },
});

export const createToken: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.tokens.create(c.req.valid('json').name), 201));
