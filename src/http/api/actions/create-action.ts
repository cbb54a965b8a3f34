// POST /api/v1/actions: creates an HTTP action on a connector.
import { actionInput } from '../../../core/actions/action.js';
import { createResourceRoute } from '../../admin-route.js';
import { actionView } from '../../contracts/actions.js';

export const createAction = createResourceRoute(
  '/actions',
  'Create an HTTP action',
  actionInput,
  [actionView, 'Created'],
  (deps, input) => deps.actions.create(input),
);
