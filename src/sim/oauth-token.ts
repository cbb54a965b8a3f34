// POST /oauth/v1/token: the client-credentials grant, form-encoded or JSON, client auth in the body or HTTP Basic.
import type { SimCore } from './sim-core.js';
import type { SimReply, SimRequest } from './sim-reply.js';
import { badRequest, isPlainObject, jsonReply, own, unauthenticated } from './sim-reply.js';

const FIELDS = ['grant_type', 'client_id', 'client_secret'] as const;
type Fields = Partial<Record<(typeof FIELDS)[number], string>>;

/**
 * Moveworks' example sends application/x-www-form-urlencoded and its OpenAPI file says JSON, so both are read;
 * without a Content-Type the body's first character decides.
 */
function readFields(req: SimRequest): Fields | undefined {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const json = type === '' ? req.body.trimStart().startsWith('{') : type.includes('json');
  if (!json) {
    if (type !== '' && !type.startsWith('application/x-www-form-urlencoded')) return undefined;
    const form = new URLSearchParams(req.body);
    const fields: Fields = {};
    for (const name of FIELDS) {
      const value = form.get(name);
      if (value !== null) fields[name] = value;
    }
    return fields;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    return undefined;
  }
  if (!isPlainObject(parsed)) return undefined;
  const fields: Fields = {};
  for (const name of FIELDS) {
    const value = own(parsed, name);
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    fields[name] = value;
  }
  return fields;
}

/** RFC 6749 section 2.3.1: Basic credentials are form-encoded before base64; raw ones are tried too. */
function readBasic(header: string | undefined): { id: string; secrets: string[] } | 'malformed' | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return 'malformed';
  const secret = decoded.slice(colon + 1);
  return { id: formDecode(decoded.slice(0, colon)), secrets: [formDecode(secret), secret] };
}

function formDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

export function oauthToken(req: SimRequest, state: SimCore): SimReply {
  state.counters.tokenRequests++;
  const fields = readFields(req);
  if (fields === undefined) {
    return badRequest('Token request body must be form-encoded or a JSON object with string fields');
  }
  if (fields.grant_type !== 'client_credentials') return badRequest('grant_type must be client_credentials');
  const basic = readBasic(req.headers.authorization);
  if (basic === 'malformed') return unauthenticated('Malformed Basic authorization header');
  if (basic !== undefined && fields.client_secret !== undefined) {
    return badRequest('Use one client authentication method: Basic header or request body, not both');
  }
  const clientId = basic?.id ?? fields.client_id;
  const secrets = basic?.secrets ?? (fields.client_secret === undefined ? [] : [fields.client_secret]);
  if (clientId === undefined || clientId === '' || secrets.length === 0) {
    return badRequest('client_id and client_secret are required');
  }
  const expected = state.secretOf(clientId);
  if (expected === undefined || !secrets.includes(expected))
    return unauthenticated('Invalid client credentials');
  const lifetime = state.options.tokenLifetimeSeconds;
  const token = state.tokens.issue(clientId, lifetime);
  state.counters.tokensIssued++;
  const grant = { access_token: token, expires_in: lifetime, token_type: 'Bearer' };
  return jsonReply(
    200,
    state.options.responseStyle === 'openapi' ? { data: grant } : grant,
    // RFC 6749 section 5.1: token responses must not be cached.
    { 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}
