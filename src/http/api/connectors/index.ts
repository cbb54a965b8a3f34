// The /api/v1/connectors endpoints.
import type { RegisterRoute } from '../../deps.js';
import { createConnector } from './create-connector.js';
import { deleteConnector } from './delete-connector.js';
import { getConnector } from './get-connector.js';
import { listConnectors } from './list-connectors.js';
import { rotateConnectorKey } from './rotate-connector-key.js';
import { testConnector } from './test-connector.js';
import { updateConnector } from './update-connector.js';

export const connectorRoutes: readonly RegisterRoute[] = [
  createConnector,
  listConnectors,
  getConnector,
  updateConnector,
  deleteConnector,
  testConnector,
  rotateConnectorKey,
];
