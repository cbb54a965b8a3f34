// POST /api/v1/tokens: creates an admin token; its value is in this response only.
import { adminRoute } from '../../admin-route.js';
import { createdApiToken, createTokenBody } from '../../contracts/tokens.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = adminRoute('post', '/tokens', 'Create an admin token', {
  request: { body: jsonBody(createTokenBody) },
  responses: { 201: json(createdApiToken, 'Created; the token is shown once'), ...problems(400) },
});

export const createToken: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.tokens.create(c.req.valid('json').name), 201));
