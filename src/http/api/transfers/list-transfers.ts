// GET /api/v1/transfers: transfers, newest first, filtered by subscription, status and message.
import { adminRoute } from '../../admin-route.js';
import { z } from '@hono/zod-openapi';
import { transferQuery, transferView } from '../../contracts/messages.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';
import { toTransferView } from './transfer-view.js';

const route = adminRoute('get', '/transfers', 'List transfers', {
  request: { query: transferQuery },
  responses: {
    200: json(z.object({ items: z.array(transferView), next: z.number().optional() }), 'Newest first'),
    ...problems(400, 404),
  },
});

export const listTransfers: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const q = c.req.valid('query');
    const rows = await deps.transfers.list(
      { subscriptionId: q.subscription, statuses: q.status, messageId: q.message },
      q.limit,
      q.before,
    );
    const last = rows.at(-1);
    const next = rows.length === q.limit && last ? { next: last.seq } : {};
    return c.json({ items: rows.map((t) => toTransferView(t)), ...next }, 200);
  });
