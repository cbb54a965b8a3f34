// PATCH /api/v1/actions/{name}: changes the fields given.
import { actionPatch } from '../../../core/actions/action.js';
import { updateRoute } from '../../admin-route.js';
import { actionView } from '../../contracts/actions.js';
import { nameParam } from '../../contracts/connectors.js';

export const updateAction = updateRoute(
  '/actions/{name}',
  'Change an HTTP action',
  [nameParam, actionPatch],
  [actionView, 'The updated action'],
  (deps, { name }, patch) => deps.actions.update(name, patch),
);
