// GET /api/v1/transfers/{trackingId}: one transfer with its payload and every attempt.
import { adminRoute } from '../../admin-route.js';
import { z } from '@hono/zod-openapi';
import { attemptView, transferView } from '../../contracts/messages.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';
import { toAttemptView, toTransferView } from './transfer-view.js';

const route = adminRoute('get', '/transfers/{trackingId}', 'Show a transfer', {
  request: {
    params: z.object({ trackingId: z.string().meta({ param: { name: 'trackingId', in: 'path' } }) }),
  },
  responses: {
    200: json(
      transferView.extend({ history: z.array(attemptView) }),
      'The transfer and its attempts, oldest first',
    ),
    ...problems(404),
  },
});

export const getTransfer: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const { transfer, attempts } = await deps.transfers.get(c.req.valid('param').trackingId);
    return c.json({ ...toTransferView(transfer, true), history: attempts.map(toAttemptView) }, 200);
  });
