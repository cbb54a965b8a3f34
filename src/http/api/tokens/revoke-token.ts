// DELETE /api/v1/tokens/{id}: revokes an admin token at once.
import { deleteRoute } from '../../admin-route.js';
import { tokenIdParam } from '../../contracts/tokens.js';

export const revokeToken = deleteRoute(
  '/tokens/{id}',
  'Revoke an admin token',
  tokenIdParam,
  (deps, { id }) => deps.tokens.revoke(id),
  ['Revoked'],
);
