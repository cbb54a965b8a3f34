// The /_sim endpoints: what the simulator received, its counters, and fault control for reliability tests.
import { isFerryError, ValidationError } from '../core/errors.js';
import type { SimCore } from './sim-core.js';
import type { SimReply, SimRequest } from './sim-reply.js';
import { badRequest, errorReply, isPlainObject, jsonReply, methodNotAllowed, own } from './sim-reply.js';
import { toMessage, toNotification } from './sim-view.js';

/** Page size of GET /_sim/messages and /_sim/notifications when `limit` is not given, and its ceiling. */
const DEFAULT_PAGE = 1_000;
const MAX_PAGE = 10_000;

function intParam(
  query: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | string {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    return `${name} must be an integer from ${min} to ${max}`;
  return value;
}

function paging(query: URLSearchParams): { since: number; limit: number } | SimReply {
  const since = intParam(query, 'since', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(query, 'limit', DEFAULT_PAGE, 1, MAX_PAGE);
  if (typeof since === 'string') return badRequest(since);
  if (typeof limit === 'string') return badRequest(limit);
  return { since, limit };
}

function parseJsonBody(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function setFaults(req: SimRequest, state: SimCore): SimReply {
  const patch = parseJsonBody(req.body);
  if (!isPlainObject(patch)) return badRequest('Body must be a JSON object of fault settings');
  try {
    return jsonReply(200, state.setFaults(patch));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return jsonReply(400, { error: { code: 'BAD_REQUEST', message: error.message, issues: error.issues } });
  }
}

function reset(req: SimRequest, state: SimCore): SimReply {
  const body = parseJsonBody(req.body);
  if (!isPlainObject(body)) return badRequest('Body must be empty or a JSON object');
  const revokeTokens = own(body, 'revokeTokens');
  if (revokeTokens !== undefined && typeof revokeTokens !== 'boolean')
    return badRequest('revokeTokens must be boolean');
  state.reset({ revokeTokens: revokeTokens === true });
  return jsonReply(200, { reset: true, revokedTokens: revokeTokens === true });
}

/** Routes one /_sim request; never rate limited, delayed or faulted. */
export function simInspect(req: SimRequest, state: SimCore): SimReply {
  const query = new URLSearchParams(req.query);
  const want = (method: 'GET' | 'POST'): SimReply | undefined =>
    req.method === method ? undefined : methodNotAllowed(method);
  try {
    switch (req.path) {
      case '/_sim/messages':
      case '/_sim/notifications': {
        const page = want('GET') ?? paging(query);
        if ('status' in page) return page;
        if (req.path === '/_sim/messages') {
          const { entries, ...rest } = state.messageLog.page(page.since, page.limit);
          return jsonReply(200, { messages: entries.map((e) => toMessage(e.index, e.entry)), ...rest });
        }
        const { entries, ...rest } = state.notificationLog.page(page.since, page.limit);
        return jsonReply(200, {
          notifications: entries.map((e) => toNotification(e.index, e.entry)),
          ...rest,
        });
      }
      case '/_sim/stats': {
        const windowMs = intParam(query, 'windowMs', state.options.rateLimitWindowMs, 1, 86_400_000);
        if (typeof windowMs === 'string') return badRequest(windowMs);
        return want('GET') ?? jsonReply(200, state.stats(windowMs));
      }
      case '/_sim/faults':
        return req.method === 'GET'
          ? jsonReply(200, state.faults())
          : (want('POST') ?? setFaults(req, state));
      case '/_sim/reset':
        return want('POST') ?? reset(req, state);
      case '/_sim/revoke-tokens':
        return want('POST') ?? jsonReply(200, { revoked: state.revokeTokens() });
      default:
        return errorReply(404, 'NOT_FOUND', `No simulator endpoint ${req.path}`);
    }
  } catch (error) {
    return errorReply(500, 'INTERNAL', isFerryError(error) ? error.message : 'Simulator inspection failed');
  }
}
