// GET /api/v1/connectors/{name}: one connector, secrets hidden.
import { getRoute } from '../../admin-route.js';
import { connectorView, nameParam } from '../../contracts/connectors.js';
import { toConnectorView } from './connector-view.js';

export const getConnector = getRoute(
  '/connectors/{name}',
  'Show a connector',
  nameParam,
  [connectorView, 'The connector'],
  async (deps, { name }) => toConnectorView(await deps.connectors.get(name)),
);
