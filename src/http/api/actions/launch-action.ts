// GET and PUT /api/v1/actions/{name}/launch: the end users an action is launched to (and strict log reduction).
import { operationRoute } from '../../admin-route.js';
import { launchInput } from '../../../core/actions/launch-audience.js';
import { launchAudienceView } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';

const STRICT =
  'Launched to more than 10 users, the action’s runs never log or store query strings, headers or bodies: ' +
  'only method, path template, status and duration. Narrowing the launch lifts it for new runs.';

export const getLaunch = operationRoute(
  ['get', '/actions/{name}/launch', 'Show who an action is launched to'],
  { params: nameParam, refusals: [404] },
  [launchAudienceView, 'The launch audience'],
  (deps, { name }) => deps.actions.audience(name),
  STRICT,
);

export const launchAction = operationRoute(
  ['put', '/actions/{name}/launch', 'Launch an action to end users (replaces the audience)'],
  { params: nameParam, body: launchInput, refusals: [400, 404] },
  [launchAudienceView, 'The new launch audience'],
  (deps, { name }, body) => deps.actions.launch(name, body),
  STRICT,
);
