// GET /api/v1/actions/{name}: one action.
import { getRoute } from '../../admin-route.js';
import { actionView } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';

export const getAction = getRoute(
  '/actions/{name}',
  'Show an HTTP action',
  nameParam,
  [actionView, 'The action'],
  (deps, { name }) => deps.actions.get(name),
);
