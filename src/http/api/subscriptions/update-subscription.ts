// PATCH /api/v1/subscriptions/{id}: partial update; changed credentials are tested before they are saved.
import { adminRoute } from '../../admin-route.js';
import { subscriptionPatch } from '../../../core/subscriptions/subscription.js';
import { saveQuery, subscriptionParam, subscriptionView } from '../../contracts/subscriptions.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';
import { toSubscriptionView } from './subscription-view.js';

const route = adminRoute('patch', '/subscriptions/{id}', 'Change a subscription', {
  description:
    'Secrets not sent keep their values; `null` clears a field. Saving resumes a stopped subscription.',
  request: { params: subscriptionParam, query: saveQuery, body: jsonBody(subscriptionPatch) },
  responses: { 200: json(subscriptionView, 'The updated subscription'), ...problems(400, 404, 409, 422) },
});

export const updateSubscription: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const test = c.req.valid('query').test === 'true';
    const sub = await deps.subscriptions.update(c.req.valid('param').id, c.req.valid('json'), { test });
    return c.json(toSubscriptionView(sub), 200);
  });
