// The connector as the API shows it: secrets replaced by {"set": true}.
import { redactAuth } from '../../../core/connectors/auth-config.js';
import type { Connector } from '../../../core/connectors/connector.js';
import type { ConnectorView } from '../../contracts/connectors.js';

export const toConnectorView = (c: Connector): ConnectorView => ({
  name: c.name,
  description: c.description,
  baseUrl: c.baseUrl,
  auth: redactAuth(c.auth) as ConnectorView['auth'],
  ...(c.testPath === undefined ? {} : { testPath: c.testPath }),
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
