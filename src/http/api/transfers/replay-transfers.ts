// POST /api/v1/transfers/replay and /dismiss: act on one transfer, a filtered set, or all.
import { z } from '@hono/zod-openapi';
import { ValidationError } from '../../../core/errors.js';
import type { TransferFilter } from '../../../core/ports/delivery-storage.js';
import { transferSelection } from '../../contracts/messages.js';
import { adminRoute } from '../../admin-route.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

type Selection = z.infer<typeof transferSelection>;

/** A selection must name something or say `all`: an empty body must never replay everything. */
function filterOf(s: Selection): TransferFilter {
  const filter = {
    trackingIds: s.trackingIds,
    subscriptionId: s.subscription,
    statuses: s.status,
    messageId: s.message,
  };
  if (Object.values(filter).every((v) => v === undefined) && s.all !== true)
    throw new ValidationError('name trackingIds, a subscription, a status or a message, or set all: true', [
      { path: 'all', code: 'required', message: 'set all: true to select every transfer' },
    ]);
  return filter;
}

const route = (action: 'replay' | 'dismiss', summary: string) =>
  adminRoute('post', `/transfers/${action}`, summary, {
    request: { body: jsonBody(transferSelection) },
    responses: {
      200: json(z.object({ count: z.number() }), 'How many transfers changed'),
      ...problems(400, 404, 409),
    },
  });

export const replayTransfers: RegisterRoute = (app, deps) =>
  app.openapi(route('replay', 'Replay failed, unconfirmed or dismissed transfers'), async (c) => {
    const body = c.req.valid('json');
    return c.json({ count: await deps.transfers.replay(filterOf(body), body.debug ?? false) }, 200);
  });

export const dismissTransfers: RegisterRoute = (app, deps) =>
  app.openapi(route('dismiss', 'Dismiss failed or unconfirmed transfers'), async (c) =>
    c.json({ count: await deps.transfers.dismiss(filterOf(c.req.valid('json'))) }, 200),
  );
