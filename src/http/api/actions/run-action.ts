// POST /api/v1/actions/{name}/run: runs the action with inputs and returns the system's answer.
import { operationRoute } from '../../admin-route.js';
import { actionRunInput } from '../../../core/actions/action.js';
import { actionRunResult } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';

export const runAction = operationRoute(
  ['post', '/actions/{name}/run', 'Run an HTTP action'],
  { params: nameParam, body: actionRunInput, refusals: [400, 404, 409, 422, 502, 504] },
  [actionRunResult, 'The system answered'],
  (deps, { name }, body) => deps.actions.run(name, body),
  'Fills `{{variables}}` from `inputs` (and `meta_info.user.email_addr` from `user`), adds the connector’s ' +
    'credentials and sends the request. A missing input is a 400 naming it. The upstream status is in the body. ' +
    'Through a per-user connector (`oauth2_authorization_code`) `user` is required and that user’s tokens are ' +
    'used; a user who has not connected (or must reconnect) gets 409 ERR_CONSENT_REQUIRED with `connectionsUrl`.',
);
