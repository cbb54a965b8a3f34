// The authenticated /rest/v1 endpoints: GET auth/test, POST events/{event_id}/messages/send, POST messages/send.
import { checkSendBody } from './send-body.js';
import { UUID_PATTERN } from './sim-options.js';
import type { SimCore } from './sim-core.js';
import type { SimReply, SimRequest } from './sim-reply.js';
import { clip, errorReply, jsonReply, RECEIVED } from './sim-reply.js';
import { authenticate } from './sim-auth.js';

/** 200 body of a good credential; the capital M is Moveworks' own. */
const AUTH_OK: SimReply = jsonReply(200, {
  Message: 'Authentication successful. Your credentials are valid.',
});

/** GET /rest/v1/auth/test: 200 `{"Message": ...}` for a live token or API key, 401 otherwise. */
export function authTest(req: SimRequest, state: SimCore): SimReply {
  const auth = authenticate(req, state);
  return typeof auth === 'string' ? AUTH_OK : auth;
}

/**
 * POST /rest/v1/events/{event_id}/messages/send. Checks run in the order a gateway would meet them: credentials,
 * then the event, then the body; a non-UUID id is as unknown as an unknown UUID (404 INVALID_EVENT_ID).
 */
export function eventSend(req: SimRequest, state: SimCore, eventId: string): SimReply {
  const auth = authenticate(req, state);
  if (typeof auth !== 'string') return auth;
  if (!UUID_PATTERN.test(eventId) || !state.isKnownEvent(eventId)) {
    return errorReply(404, 'INVALID_EVENT_ID', `Event ${clip(eventId)} was not found`);
  }
  const recipients = checkSendBody(req.body, true);
  if (typeof recipients !== 'number') return recipients;
  state.recordMessage({ eventId, clientId: auth, body: req.body, atMs: req.atMs }, recipients);
  return RECEIVED;
}

const NO_CONTENT: SimReply = { status: 204, body: '' };

/** POST /rest/v1/messages/send, the legacy send without event or `context`; 200 or 204 as configured. */
export function legacySend(req: SimRequest, state: SimCore): SimReply {
  const auth = authenticate(req, state);
  if (typeof auth !== 'string') return auth;
  const recipients = checkSendBody(req.body, false);
  if (typeof recipients !== 'number') return recipients;
  state.recordMessage({ eventId: null, clientId: auth, body: req.body, atMs: req.atMs }, recipients);
  return state.options.legacyStatus === 204 ? NO_CONTENT : RECEIVED;
}
