// The /api/v1/subscriptions endpoints.
import type { RegisterRoute } from '../../deps.js';
import { createSubscription } from './create-subscription.js';
import { deleteSubscription } from './delete-subscription.js';
import { getSubscription } from './get-subscription.js';
import { listSubscriptions } from './list-subscriptions.js';
import { manualSync } from './manual-sync.js';
import { sendTest } from './send-test.js';
import { testSubscription } from './test-subscription.js';
import { updateSubscription } from './update-subscription.js';

export const subscriptionRoutes: readonly RegisterRoute[] = [
  createSubscription,
  listSubscriptions,
  getSubscription,
  updateSubscription,
  deleteSubscription,
  testSubscription,
  sendTest,
  manualSync,
];
