// Maps a failed token request (transport, OAuth error response, unusable body) to one OAuthError without secrets.
import * as oauth from 'oauth4webapi';
import { OAuthError, isFerryError } from '../../core/errors.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';

/** Thrown by the fetch wrapper so a network failure is told apart from a response the library refused. */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
}

export interface FailureContext {
  readonly connector: string;
  readonly url: URL;
  /** HTTP status of the response, when one arrived. */
  readonly status: number | undefined;
  /** The step line so far (`POST https://idp/token grant_type=... client_auth=...`). */
  readonly step: string;
  /** How the client authenticated (`client_secret_basic`, `private_key_jwt`, `tls_client_auth` …). */
  readonly clientAuth: string;
  /** What to fix when the server answers invalid_grant (RFC 6749 §5.2), worded for the grant type. */
  readonly invalidGrantHint: string;
  readonly scrubber: SecretScrubber;
}

/** Most specific first: a socket code deep in the cause chain says more than the adapter's generic one. */
const TRANSPORT_REASONS: Record<string, string> = {
  ERR_OUTBOUND_ADDRESS_BLOCKED: 'address blocked by FERRY_OUTBOUND_ALLOW policy',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  ERR_OUTBOUND_TIMEOUT: 'timed out',
  TimeoutError: 'timed out',
  ERR_OUTBOUND_TLS_FAILED: 'TLS handshake failed',
  AbortError: 'aborted',
  ERR_OUTBOUND_CONNECT_FAILED: 'connection failed',
};

/** Why a request failed in transport, in a few words (`connection refused`), from the deepest known code. */
export function transportReason(err: unknown): string {
  const seen = new Set<string>();
  for (let e = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    seen.add(typeof code === 'string' ? code : e.name);
  }
  const code = Object.keys(TRANSPORT_REASONS).find((c) => seen.has(c));
  return code === undefined ? 'network error' : (TRANSPORT_REASONS[code] ?? 'network error');
}

function oauthErrorOf(e: unknown): { error?: string; status?: number; description?: string } {
  if (e instanceof oauth.ResponseBodyError)
    return {
      error: e.error,
      status: e.status,
      ...(e.error_description ? { description: e.error_description } : {}),
    };
  if (e instanceof oauth.WWWAuthenticateChallengeError) {
    const params = e.cause.find((c) => c.parameters.error !== undefined)?.parameters;
    return {
      status: e.status,
      ...(params?.error ? { error: params.error } : {}),
      ...(params?.error_description ? { description: params.error_description } : {}),
    };
  }
  return {};
}

/** What to check when the token endpoint refuses the client, for the way it authenticated. */
function invalidClientHint(connector: string, clientAuth: string): string {
  if (clientAuth === 'private_key_jwt')
    return (
      `check the Client ID of connector "${connector}", that the server's client has Ferry's ` +
      '/.well-known/jwks.json as its jwks_uri, and the Client Assertion Audience'
    );
  if (clientAuth === 'tls_client_auth' || clientAuth === 'self_signed_tls_client_auth')
    return `check the Client ID of connector "${connector}" and the client certificate the server has registered`;
  return `check the Client ID and Client Secret of connector "${connector}" and its Oauth2 Client Authentication`;
}

export function tokenRequestError(e: unknown, ctx: FailureContext): OAuthError {
  const { connector, url } = ctx;
  const host = url.host;
  const at = `connector "${connector}": the token endpoint at ${host}`;
  if (e instanceof TransportFailure) {
    const reason = transportReason(e.cause);
    const cause = isFerryError(e.cause) || e.cause instanceof Error ? e.cause : undefined;
    return new OAuthError(
      'ERR_OAUTH_TOKEN_URL_UNREACHABLE',
      `connector "${connector}": could not reach the token URL host ${host} (${reason}); ` +
        'check the Oauth2 Token Url and that Ferry can reach that host',
      { cause, details: { tokenUrlHost: host, step: `${ctx.step} → ${reason}` } },
    );
  }
  if (ctx.status === undefined) {
    // Thrown while building the request; its message may quote a header value, so it is not kept.
    return new OAuthError(
      'ERR_OAUTH_REQUEST_REJECTED',
      `connector "${connector}": could not build the token request (${e instanceof Error ? e.name : 'error'}); ` +
        'check the Additional Headers and Additional Request Data values',
    );
  }
  const { error, status = ctx.status, description } = oauthErrorOf(e);
  const said = description ? `: ${ctx.scrubber.scrub(description).slice(0, 200)}` : '';
  const details = {
    tokenUrlHost: host,
    status,
    error,
    step: `${ctx.step} → ${status}${error ? ` ${error}` : ''}`,
  };
  if (error === 'invalid_client' || status === 401)
    return new OAuthError(
      'ERR_OAUTH_INVALID_CLIENT',
      `${at} rejected the client (${error ?? 'no error code'}, HTTP ${status}${said}); ` +
        invalidClientHint(connector, ctx.clientAuth),
      { details },
    );
  if (error === 'invalid_grant')
    return new OAuthError(
      'ERR_OAUTH_INVALID_GRANT',
      `${at} rejected the grant (invalid_grant, HTTP ${status}${said}); ${ctx.invalidGrantHint}`,
      {
        details,
      },
    );
  if (error !== undefined || status !== 200)
    return new OAuthError(
      'ERR_OAUTH_REQUEST_REJECTED',
      `${at} refused the token request (${error ?? 'no OAuth error code'}, HTTP ${status}${said}); ` +
        `check the grant settings of connector "${connector}" (scope, Custom Grant Type, Additional Request Data)`,
      { details },
    );
  // The library's messages name the broken property, never its value; its cause holds the body, so it is dropped.
  const reason = e instanceof Error ? e.message : 'unreadable body';
  return new OAuthError(
    'ERR_OAUTH_TOKEN_RESPONSE_INVALID',
    `${at} answered HTTP 200 without a usable token response (${reason}); ` +
      'check that the Oauth2 Token Url is the token endpoint and that it returns JSON with access_token',
    { details: { ...details, step: `${ctx.step} → 200 unusable response` } },
  );
}
