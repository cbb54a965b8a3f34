// GET /api/v1/tokens: admin tokens without their values.
import { listRoute } from '../../admin-route.js';
import { apiTokenView } from '../../contracts/tokens.js';

export const listTokens = listRoute(
  '/tokens',
  'List admin tokens',
  [apiTokenView, 'Tokens, oldest first'],
  (deps) => deps.tokens.list(),
);
