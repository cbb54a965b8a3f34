// GET /api/v1/activity and /api/v1/errors: the activity log (every attempt) and the error log.
import { z } from '@hono/zod-openapi';
import { attemptView, transferQuery } from '../../contracts/messages.js';
import { adminRoute } from '../../admin-route.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';
import { toAttemptView } from './transfer-view.js';

const query = transferQuery.omit({ status: true });
const page = z.object({ items: z.array(attemptView), next: z.number().optional() });

const logRoute = (path: '/activity' | '/errors', summary: string, description: string) =>
  adminRoute('get', path, summary, {
    tags: ['transfers'],
    description,
    request: { query },
    responses: { 200: json(page, 'Newest first'), ...problems(400, 404) },
  });

const register =
  (errorsOnly: boolean, route: ReturnType<typeof logRoute>): RegisterRoute =>
  (app, deps) =>
    app.openapi(route, async (c) => {
      const q = c.req.valid('query');
      const filter = { subscriptionId: q.subscription, messageId: q.message, errorsOnly };
      const rows = await deps.transfers.activity(filter, q.limit, q.before);
      const last = rows.at(-1);
      return c.json(
        { items: rows.map(toAttemptView), ...(rows.length === q.limit && last ? { next: last.id } : {}) },
        200,
      );
    });

export const activityLog = register(
  false,
  logRoute(
    '/activity',
    'Activity log',
    'Every attempt: tracking id, message id, status, HTTP code, attempt, duration.',
  ),
);
export const errorLog = register(
  true,
  logRoute(
    '/errors',
    'Error log',
    'Attempts that failed or may not have arrived, with the Moveworks error text.',
  ),
);
