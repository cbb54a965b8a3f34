// POST /api/v1/actions/{name}/run: runs the action with inputs and returns the system's answer.
import { adminRoute } from '../../admin-route.js';
import { actionRunInput } from '../../../core/actions/action.js';
import { actionRunResult } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = adminRoute('post', '/actions/{name}/run', 'Run an HTTP action', {
  description:
    'Fills `{{variables}}` from `inputs` (and `meta_info.user.email_addr` from `user`), adds the connector’s ' +
    'credentials and sends the request. A missing input is a 400 naming it. The upstream status is in the body. ' +
    'Through a per-user connector (`oauth2_authorization_code`) `user` is required and that user’s tokens are ' +
    'used; a user who has not connected (or must reconnect) gets 409 ERR_CONSENT_REQUIRED with `connectionsUrl`.',
  request: { params: nameParam, body: jsonBody(actionRunInput) },
  responses: { 200: json(actionRunResult, 'The system answered'), ...problems(400, 404, 409, 422, 502, 504) },
});

export const runAction: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) =>
    c.json(await deps.actions.run(c.req.valid('param').name, c.req.valid('json')), 200),
  );
