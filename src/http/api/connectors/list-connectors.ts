// GET /api/v1/connectors: every connector, secrets hidden.
import { listRoute } from '../../admin-route.js';
import { connectorView } from '../../contracts/connectors.js';
import { toConnectorView } from './connector-view.js';

export const listConnectors = listRoute(
  '/connectors',
  'List connectors',
  [connectorView, 'Connectors by name'],
  async (deps) => (await deps.connectors.list()).map(toConnectorView),
);
