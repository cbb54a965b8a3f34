// The /api/v1/tokens endpoints.
import type { RegisterRoute } from '../../deps.js';
import { createToken } from './create-token.js';
import { listTokens } from './list-tokens.js';
import { revokeToken } from './revoke-token.js';

export const tokenRoutes: readonly RegisterRoute[] = [createToken, listTokens, revokeToken];
