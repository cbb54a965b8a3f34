// GET /api/v1/actions: every action.
import { listRoute } from '../../admin-route.js';
import { actionView } from '../../contracts/actions.js';

export const listActions = listRoute(
  '/actions',
  'List HTTP actions',
  [actionView, 'Actions by name'],
  (deps) => deps.actions.list(),
);
