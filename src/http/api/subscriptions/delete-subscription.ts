// DELETE /api/v1/subscriptions/{id}: removes a subscription with its transfers and activity.
import { deleteRoute } from '../../admin-route.js';
import { subscriptionParam } from '../../contracts/subscriptions.js';

export const deleteSubscription = deleteRoute(
  '/subscriptions/{id}',
  'Delete a subscription',
  subscriptionParam,
  (deps, { id }) => deps.subscriptions.delete(id),
);
