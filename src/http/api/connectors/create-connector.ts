// POST /api/v1/connectors: creates a connector; 400 lists every problem with the config.
import { connectorInput } from '../../../core/connectors/connector.js';
import { createResourceRoute } from '../../admin-route.js';
import { connectorView } from '../../contracts/connectors.js';
import { toConnectorView } from './connector-view.js';

export const createConnector = createResourceRoute(
  '/connectors',
  'Create a connector',
  connectorInput,
  [connectorView, 'Created; secrets are never returned'],
  async (deps, input) => toConnectorView(await deps.connectors.create(input)),
);
