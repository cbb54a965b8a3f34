// The simulator's HTTP server: plain node:http for a lean hot path and direct control of sockets for faults.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { oauthToken } from './oauth-token.js';
import { authTest, eventSend, legacySend } from './rest-v1.js';
import { simInspect } from './sim-inspect.js';
import type { Admission, SimCore } from './sim-core.js';
import type { SimReply, SimRequest } from './sim-reply.js';
import { errorReply, methodNotAllowed } from './sim-reply.js';
import { webhookNotify } from './webhook-notify.js';

const EVENTS_PREFIX = '/rest/v1/events/';
const EVENTS_SUFFIX = '/messages/send';
const LISTENERS_PREFIX = '/webhooks/v1/listeners/';
const LISTENERS_SUFFIX = '/notify';

function segment(path: string, prefix: string, suffix: string): string | undefined {
  if (!path.startsWith(prefix) || !path.endsWith(suffix) || path.length < prefix.length + suffix.length)
    return;
  const raw = path.slice(prefix.length, path.length - suffix.length);
  if (raw.includes('/')) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Routes an admitted API request to its endpoint and counts it. */
function route(req: SimRequest, state: SimCore): SimReply {
  const endpoints = state.counters.byEndpoint;
  const post = req.method === 'POST';
  if (req.path === '/oauth/v1/token') {
    endpoints.token++;
    return post ? oauthToken(req, state) : methodNotAllowed('POST');
  }
  if (req.path === '/rest/v1/auth/test') {
    endpoints.authTest++;
    return req.method === 'GET' ? authTest(req, state) : methodNotAllowed('GET');
  }
  if (req.path === '/rest/v1/messages/send') {
    endpoints.legacySend++;
    return post ? legacySend(req, state) : methodNotAllowed('POST');
  }
  const eventId = segment(req.path, EVENTS_PREFIX, EVENTS_SUFFIX);
  if (eventId !== undefined) {
    endpoints.eventSend++;
    return post ? eventSend(req, state, eventId) : methodNotAllowed('POST');
  }
  const listenerId = segment(req.path, LISTENERS_PREFIX, LISTENERS_SUFFIX);
  if (listenerId !== undefined) {
    endpoints.webhookNotify++;
    return post ? webhookNotify(req, state, listenerId) : methodNotAllowed('POST');
  }
  endpoints.other++;
  return errorReply(404, 'NOT_FOUND', 'No such endpoint');
}

function send(res: ServerResponse, reply: SimReply): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body !== '') headers['content-type'] = 'application/json';
  if (reply.status !== 204) headers['content-length'] = Buffer.byteLength(reply.body);
  res.writeHead(reply.status, headers);
  res.end(reply.body);
}

const INJECTED_ERROR = errorReply(500, 'INTERNAL', 'Internal server error');

/** The OpenAPI file's flat error body, `{"code","message"}`, instead of the docs' `{"error":{…}}`. */
function flatError(reply: SimReply): SimReply {
  if (reply.status < 400 || !reply.body.startsWith('{"error":')) return reply;
  return { ...reply, body: JSON.stringify((JSON.parse(reply.body) as { error: unknown }).error) };
}

function later(delayMs: number, act: () => void): void {
  if (delayMs > 0) setTimeout(act, delayMs).unref();
  else act();
}

/** What to do once the body is in: answer (after the drawn latency), reset the connection, or never answer. */
function respond(req: SimRequest, admission: Admission, state: SimCore, res: ServerResponse): void {
  const { counters } = state;
  let reply = admission.refusal;
  if (reply === undefined) {
    switch (admission.fault) {
      case 'hang':
        counters.hangs++;
        return;
      case 'reset':
        counters.resets++;
        // An RST rather than a FIN: the client sees ECONNRESET while waiting for the answer, as after a crash.
        return later(admission.latencyMs, () => void res.socket?.resetAndDestroy());
      case 'error':
        counters.injectedErrors++;
        reply = INJECTED_ERROR;
        break;
      case 'none':
        reply = route(req, state);
        break;
    }
  }
  counters.answered(reply.status);
  const answer = state.options.responseStyle === 'openapi' ? flatError(reply) : reply;
  later(admission.latencyMs, () => send(res, answer));
}

function handle(state: SimCore, incoming: IncomingMessage, res: ServerResponse): void {
  const url = incoming.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const inspection = path.startsWith('/_sim/');
  // Limits and faults are decided on arrival, so a seeded run repeats whatever order bodies finish in.
  const admission = inspection ? undefined : state.admit(path.startsWith(LISTENERS_PREFIX));
  const atMs = admission?.atMs ?? state.clock.now();
  const limit = state.options.maxBodyBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  incoming.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  incoming.on('error', () => undefined);
  incoming.on('end', () => {
    if (size > limit) {
      if (admission !== undefined) state.counters.answered(413);
      res.setHeader('connection', 'close');
      return send(res, errorReply(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${limit} bytes`));
    }
    const body =
      chunks.length === 1 ? (chunks[0]?.toString('utf8') ?? '') : Buffer.concat(chunks).toString('utf8');
    const query = q === -1 ? '' : url.slice(q + 1);
    const req: SimRequest = {
      method: incoming.method ?? 'GET',
      path,
      query,
      headers: incoming.headers,
      body,
      atMs,
    };
    if (admission === undefined) send(res, simInspect(req, state));
    else respond(req, admission, state, res);
  });
}

/** An HTTP server bound to `state`; it does not listen yet. */
export function createSimServer(state: SimCore): Server {
  const server = createServer({ noDelay: true }, (req, res) => handle(state, req, res));
  // Longer than clients' pools keep idle sockets, so the benchmark never races a server-side idle close.
  server.keepAliveTimeout = 65_000;
  return server;
}
