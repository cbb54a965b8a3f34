// GET and PUT /api/v1/actions/{name}/launch: the end users an action is launched to (and strict log reduction).
import { adminRoute } from '../../admin-route.js';
import { launchInput } from '../../../core/actions/launch-audience.js';
import { launchAudienceView } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const STRICT =
  'Launched to more than 10 users, the action’s runs never log or store query strings, headers or bodies: ' +
  'only method, path template, status and duration. Narrowing the launch lifts it for new runs.';

const getRoute = adminRoute('get', '/actions/{name}/launch', 'Show who an action is launched to', {
  description: STRICT,
  request: { params: nameParam },
  responses: { 200: json(launchAudienceView, 'The launch audience'), ...problems(404) },
});

const putRoute = adminRoute(
  'put',
  '/actions/{name}/launch',
  'Launch an action to end users (replaces the audience)',
  {
    description: STRICT,
    request: { params: nameParam, body: jsonBody(launchInput) },
    responses: { 200: json(launchAudienceView, 'The new launch audience'), ...problems(400, 404) },
  },
);

export const getLaunch: RegisterRoute = (app, deps) =>
  app.openapi(getRoute, async (c) => c.json(await deps.actions.audience(c.req.valid('param').name), 200));

export const launchAction: RegisterRoute = (app, deps) =>
  app.openapi(putRoute, async (c) =>
    c.json(await deps.actions.launch(c.req.valid('param').name, c.req.valid('json')), 200),
  );
