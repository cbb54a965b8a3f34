// DELETE /api/v1/actions/{name}: removes an action.
import { deleteRoute } from '../../admin-route.js';
import { nameParam } from '../../contracts/connectors.js';

export const deleteAction = deleteRoute(
  '/actions/{name}',
  'Delete an HTTP action',
  nameParam,
  (deps, { name }) => deps.actions.delete(name),
);
