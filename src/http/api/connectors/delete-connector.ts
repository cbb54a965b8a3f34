// DELETE /api/v1/connectors/{name}: removes a connector and its stored tokens; refused while actions use it.
import { deleteRoute } from '../../admin-route.js';
import { nameParam } from '../../contracts/connectors.js';

export const deleteConnector = deleteRoute(
  '/connectors/{name}',
  'Delete a connector',
  nameParam,
  (deps, { name }) => deps.connectors.delete(name),
  ['Deleted', 409],
);
