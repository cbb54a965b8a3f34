// The OutboundFetch adapter on undici: refuses link-local and metadata hosts (also after DNS), timeouts, strict TLS.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { STATUS_CODES } from 'node:http';
import { isIP, type LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import {
  Agent,
  buildConnector,
  fetch as undiciFetch,
  Response as UndiciResponse,
  type RequestInit,
} from 'undici';
import type { ClientTls, OutboundFetch, OutboundInit, OutboundText } from '../../core/ports/outbound.js';
import { createAddressPolicy, type AddressPolicy } from './address-policy.js';
import { addressBlocked, describeTarget, toOutboundError } from './outbound-errors.js';

export interface OutboundFetchOptions {
  /** Whole-request timeout in ms for calls that give no `timeoutMs` (config `httpTimeoutMs`). Default 30000. */
  readonly timeoutMs?: number;
  /** TCP connect plus TLS handshake timeout in ms. Default 10000. */
  readonly connectTimeoutMs?: number;
  /** Host names, IPs or CIDR ranges reachable despite the block (config `outboundAllow`). Default none. */
  readonly allow?: readonly string[];
  /** Extra CA certificates as PEM text (the contents of config `caFile`), trusted besides Node's roots. */
  readonly extraCaPem?: string | undefined;
  /** DNS resolver; default `node:dns` lookup. Tests pass one that maps names to chosen addresses. */
  readonly lookup?: LookupFunction;
  /** A client certificate presented on every TLS connection (mutual TLS). Default none. */
  readonly clientTls?: ClientTls | undefined;
  /** Connections per origin; 1 keeps connection-bound auth (NTLM) on one socket. Default unlimited. */
  readonly connectionsPerOrigin?: number | undefined;
}

/** An OutboundFetch that owns a connection pool; `close` ends its idle connections. */
export type ClosableOutboundFetch = OutboundFetch & { readonly text: OutboundText; close(): Promise<void> };

/** Resolves every address of a name and refuses the lot when any is blocked, so DNS rebinding cannot slip through. */
function guardedLookup(policy: AddressPolicy, resolve: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, found) => {
      if (err !== null) return callback(err, '');
      const addresses: LookupAddress[] =
        typeof found === 'string' ? [{ address: found, family: isIP(found) }] : found;
      for (const { address } of addresses) {
        const reason = policy.refusal(hostname, address);
        if (reason !== undefined) return callback(addressBlocked(reason), '');
      }
      if (options.all === true) return callback(null, addresses);
      const first = addresses[0];
      if (first === undefined)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '');
      return callback(null, first.address, first.family);
    });
  };
}

/** Distinct URLs kept parsed; past this many (a URL per Message, say) the cache starts over. */
const TARGET_CACHE_SIZE = 256;

/** Re-emits a response whose body read failures (timeout while streaming) become OutboundError too. */
function withMappedBodyErrors(res: UndiciResponse, mapError: (err: unknown) => unknown): UndiciResponse {
  if (res.body === null) return res;
  const reader: ReadableStreamDefaultReader<Uint8Array> = res.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      } catch (err) {
        controller.error(mapError(err));
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return new UndiciResponse(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/**
 * Builds the outbound fetch. Every call checks the scheme and the URL's host, then every address the host
 * resolves to when connecting; redirects are returned, not followed, unless the caller sets `redirect`.
 * TLS certificates are always verified. The returned Response has no `url`; its body errors are OutboundError.
 * Throws ConfigError when an `allow` entry is not a host name, IP address or CIDR range.
 */
export function createOutboundFetch(options: OutboundFetchOptions = {}): ClosableOutboundFetch {
  const policy = createAddressPolicy(options.allow);
  const defaultTimeoutMs = options.timeoutMs ?? 30_000;
  const connector = buildConnector({
    timeout: options.connectTimeoutMs ?? 10_000,
    rejectUnauthorized: true,
    lookup: guardedLookup(policy, options.lookup ?? dnsLookup),
    ...tlsOptions(options),
  });
  const agent = new Agent({
    ...(options.connectionsPerOrigin === undefined ? {} : { connections: options.connectionsPerOrigin }),
    connect: (opts, callback) => {
      // IP literals skip `lookup`, and a pooled origin may be dialled again later: check at every connect.
      const reason = policy.refusal(opts.hostname);
      if (reason !== undefined) callback(addressBlocked(reason), null);
      else connector(opts, callback);
    },
  });

  /**
   * The URLs called, parsed once each: a subscription sends every Message to the same URL, and parsing it (and
   * reading its origin and path) on every request cost more than the rest of this wrapper. Read only.
   */
  const targets = new Map<string, { readonly url: URL; readonly origin: string; readonly path: string }>();
  const targetOf = (href: string) => {
    let found = targets.get(href);
    if (found === undefined) {
      // Node's own parse error keeps the whole URL (query included) in an enumerable `input` field.
      if (!URL.canParse(href)) return undefined;
      const url = new URL(href);
      found = { url, origin: url.origin, path: `${url.pathname}${url.search}` };
      if (targets.size >= TARGET_CACHE_SIZE) targets.clear();
      targets.set(href, found);
    }
    return found;
  };

  /**
   * Checks the URL against the policy and sets up the timeout (an abort signal, unless `phaseTimeouts` and the
   * caller gave none); throws OutboundError when refused.
   */
  const prepare = (input: string | URL, init: OutboundInit, phaseTimeouts = false) => {
    const parsed = targetOf(typeof input === 'string' ? input : input.href);
    if (parsed === undefined) throw new TypeError('the outbound URL is not a valid absolute URL');
    const { url } = parsed;
    const { timeoutMs = defaultTimeoutMs, signal: callerSignal, ...rest } = init;
    const target = () => describeTarget(init.method ?? 'GET', url);
    const refuse = (reason: string) =>
      toOutboundError(addressBlocked(reason), { target: target(), timeoutMs, timedOut: false });
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw refuse(`scheme ${url.protocol} is not http(s)`);
    const reason = policy.refusal(url.hostname);
    if (reason !== undefined) throw refuse(reason);
    // undici's own phase timers are far cheaper than a timer signal per request (they share one clock).
    const timeout = phaseTimeouts && !callerSignal ? undefined : AbortSignal.timeout(timeoutMs);
    const signal =
      timeout && callerSignal ? AbortSignal.any([timeout, callerSignal]) : (timeout ?? callerSignal);
    const mapError = (err: unknown) =>
      toOutboundError(err, {
        target: target(),
        timeoutMs,
        timedOut: timeout?.aborted === true && callerSignal?.aborted !== true,
      });
    return { url, origin: parsed.origin, path: parsed.path, rest, signal, timeoutMs, mapError };
  };

  const outboundFetch = async (input: string | URL, init: OutboundInit = {}): Promise<Response> => {
    const { url, rest, signal, mapError } = prepare(input, init);
    try {
      const res = await undiciFetch(url, {
        ...(rest as unknown as RequestInit),
        // Following redirects would carry credentials to whatever host the Location names.
        redirect: rest.redirect ?? 'manual',
        signal: signal ?? null,
        dispatcher: agent,
      });
      return withMappedBodyErrors(res, mapError);
    } catch (err) {
      throw mapError(err);
    }
  };

  /**
   * undici's request API: the same agent and checks, no fetch machinery; redirects are never followed. Without
   * a caller signal, `timeoutMs` bounds the wait for the answer's headers and then each wait for its body.
   */
  const outboundText: OutboundText = async (input, init = {}) => {
    const { origin, path, signal, timeoutMs, mapError } = prepare(input, init, true);
    try {
      const request = requestBody(init);
      // One object literal: V8 builds `{ ...spread, more }` one slow property at a time, on every request.
      const { statusCode, headers, body } = await agent.request({
        origin,
        path,
        method: init.method ?? 'GET',
        headers: request.headers,
        body: request.body,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const text = await body.text();
      return {
        status: statusCode,
        ok: statusCode >= 200 && statusCode < 300,
        statusText: STATUS_CODES[statusCode] ?? '',
        headers: { get: (name) => headerValue(headers[name.toLowerCase()]) },
        text: () => Promise.resolve(text),
      };
    } catch (err) {
      throw mapError(err);
    }
  };
  return Object.assign(outboundFetch, { text: outboundText, close: () => agent.close() });
}

/** CA list and client certificate; setting `ca` replaces Node's roots, so extra CAs are added to them. */
function tlsOptions(options: OutboundFetchOptions) {
  const { clientTls, extraCaPem } = options;
  const extra = [extraCaPem, clientTls?.ca].filter((c): c is string => c !== undefined);
  return {
    ...(extra.length === 0 ? {} : { ca: [...rootCertificates, ...extra] }),
    ...(clientTls?.cert === undefined ? {} : { cert: clientTls.cert }),
    ...(clientTls?.key === undefined ? {} : { key: clientTls.key }),
    ...(clientTls?.pfx === undefined ? {} : { pfx: Buffer.from(clientTls.pfx) }),
    ...(clientTls?.passphrase === undefined ? {} : { passphrase: clientTls.passphrase }),
  };
}

function plainHeaders(headers: OutboundInit['headers']): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  // Any iterable of pairs (global or undici Headers, arrays): `instanceof Headers` misses undici's own class.
  if (Symbol.iterator in headers) return Object.fromEntries(new Headers(headers));
  return headers as Record<string, string>;
}

const headerValue = (value: string | string[] | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;

/** The body and headers as fetch would send them: form bodies get their content type. */
function requestBody(init: OutboundInit): {
  headers: Record<string, string>;
  body: string | Uint8Array | null;
} {
  const headers = plainHeaders(init.headers) ?? {};
  const { body } = init;
  if (body === undefined || body === null) return { headers, body: null };
  if (typeof body === 'string' || body instanceof Uint8Array) return { headers, body };
  if (body instanceof URLSearchParams) {
    const typed = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
    const form = typed
      ? headers
      : { ...headers, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' };
    return { headers: form, body: body.toString() };
  }
  throw new TypeError('the outbound text request takes a string, bytes or URLSearchParams body');
}
