// GET /api/v1/subscriptions: every subscription, secrets hidden.
import { listRoute } from '../../admin-route.js';
import { subscriptionView } from '../../contracts/subscriptions.js';
import { toSubscriptionView } from './subscription-view.js';

export const listSubscriptions = listRoute(
  '/subscriptions',
  'List subscriptions',
  [subscriptionView, 'Subscriptions by name'],
  async (deps) => (await deps.subscriptions.list()).map((s) => toSubscriptionView(s)),
);
