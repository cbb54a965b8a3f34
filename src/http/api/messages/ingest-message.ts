// POST /api/v1/messages: accepts one Message; the same Id again is reported as a duplicate and never resent.
import { adminRoute } from '../../admin-route.js';
import { messageInput } from '../../../core/messages/message.js';
import { ingestResult } from '../../contracts/messages.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = adminRoute('post', '/messages', 'Send a Message', {
  description:
    'Stores the Message and creates a transfer for every enabled subscription through its mapping. 202 when new; ' +
    '200 with `duplicate: true` when the Id was accepted before (nothing is sent again).',
  request: { body: jsonBody(messageInput) },
  responses: {
    202: json(ingestResult, 'Accepted: stored and queued'),
    200: json(ingestResult, 'A duplicate: accepted before'),
    ...problems(400),
  },
});

export const ingestMessage: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const result = await deps.messages.ingest(c.req.valid('json'));
    const body = { ...result, transfers: [...result.transfers] };
    return result.duplicate ? c.json(body, 200) : c.json(body, 202);
  });
