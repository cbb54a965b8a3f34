// Every /api/v1 endpoint, in the order the OpenAPI document lists them.
import type { RegisterRoute } from '../deps.js';
import { actionRoutes } from './actions/index.js';
import { connectorRoutes } from './connectors/index.js';
import { rotateKeys } from './keys/rotate-keys.js';
import { collectionRoutes } from './mappings/mapping-collections.js';
import { mappingToolRoutes } from './mappings/mapping-tools.js';
import { subscriptionRoutes } from './subscriptions/index.js';
import { tokenRoutes } from './tokens/index.js';
import { deliveryRoutes } from './transfers/index.js';
import { createSignInLink } from './users/create-sign-in-link.js';

export const apiRoutes: readonly RegisterRoute[] = [
  ...connectorRoutes,
  ...actionRoutes,
  ...subscriptionRoutes,
  ...collectionRoutes,
  ...mappingToolRoutes,
  ...deliveryRoutes,
  ...tokenRoutes,
  rotateKeys,
  createSignInLink,
];
