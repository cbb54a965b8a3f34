// PATCH /api/v1/connectors/{name}: partial update; secrets not sent keep their values.
import { connectorPatch } from '../../../core/connectors/connector.js';
import { updateRoute } from '../../admin-route.js';
import { connectorView, nameParam } from '../../contracts/connectors.js';
import { toConnectorView } from './connector-view.js';

export const updateConnector = updateRoute(
  '/connectors/{name}',
  'Change a connector',
  [nameParam, connectorPatch],
  [connectorView, 'The updated connector'],
  async (deps, { name }, patch) => toConnectorView(await deps.connectors.update(name, patch)),
);
