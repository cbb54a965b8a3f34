// The subscription as the API shows it: secrets replaced by {"set": true}.
import type { Subscription } from '../../../core/subscriptions/subscription.js';
import type { SubscriptionView } from '../../contracts/subscriptions.js';

export function toSubscriptionView(s: Subscription, transfers?: Record<string, number>): SubscriptionView {
  const { clientSecret, apiKey, healthDetail, defaultEventId, clientId, ...rest } = s;
  return {
    ...rest,
    ...(clientId === undefined ? {} : { clientId }),
    ...(clientSecret === undefined ? {} : { clientSecret: { set: true as const } }),
    ...(apiKey === undefined ? {} : { apiKey: { set: true as const } }),
    ...(defaultEventId === undefined ? {} : { defaultEventId }),
    ...(healthDetail === undefined ? {} : { healthDetail }),
    ...(transfers === undefined ? {} : { transfers }),
  };
}
