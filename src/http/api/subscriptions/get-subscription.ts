// GET /api/v1/subscriptions/{id}: one subscription (by id or name) with its transfers per status.
import { getRoute } from '../../admin-route.js';
import { subscriptionParam, subscriptionView } from '../../contracts/subscriptions.js';
import { toSubscriptionView } from './subscription-view.js';

export const getSubscription = getRoute(
  '/subscriptions/{id}',
  'Show a subscription',
  subscriptionParam,
  [subscriptionView, 'The subscription'],
  async (deps, { id }) => {
    const sub = await deps.subscriptions.get(id);
    return toSubscriptionView(sub, await deps.transfers.countByStatus(sub.id));
  },
);
