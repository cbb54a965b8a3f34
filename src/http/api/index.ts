// Every /api/v1 endpoint, in the order the OpenAPI document lists them.
import type { RegisterRoute } from '../deps.js';
import { actionRoutes } from './actions/index.js';
import { connectorRoutes } from './connectors/index.js';
import { rotateKeys } from './keys/rotate-keys.js';
import { tokenRoutes } from './tokens/index.js';
import { createSignInLink } from './users/create-sign-in-link.js';

export const apiRoutes: readonly RegisterRoute[] = [
  ...connectorRoutes,
  ...actionRoutes,
  ...tokenRoutes,
  rotateKeys,
  createSignInLink,
];
