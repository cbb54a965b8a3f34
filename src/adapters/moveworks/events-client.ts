// The Moveworks Events API client (moveworks.md §1): client-credentials token, auth test, and event sends.
import type { Clock } from '../../core/clock.js';
import { ConfigError, isFerryError, OAuthError } from '../../core/errors.js';
import type { MoveworksPayload } from '../../core/delivery/moveworks.js';
import type { OutboundText, TextResponse } from '../../core/ports/outbound.js';
import type {
  AuthTestResult,
  MoveworksCallKind,
  MoveworksClient,
  SendOutcome,
} from '../../core/ports/moveworks.js';
import {
  ipaasErrorText,
  isOutboundError,
  parseMoveworksError,
  responseOutcome,
  safeJson,
  tokenFailureOutcome,
  transportOutcome,
} from './send-outcome.js';
import { requestTokenGrant, TokenCache, type TokenShare } from './token-cache.js';

export type {
  AuthTestResult,
  MoveworksCallKind,
  MoveworksClient,
  SendOutcome,
} from '../../core/ports/moveworks.js';

export interface MoveworksClientOptions {
  /** Base URL, e.g. `https://api.moveworks.ai` (a trailing slash is ignored). */
  readonly apiUrl: string;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Used as a static bearer when no Client ID and Client Secret are given. */
  readonly apiKey?: string | undefined;
  readonly fetch: OutboundText;
  readonly clock: Clock;
  /** Whole-request timeout of every call, in ms. */
  readonly timeoutMs: number;
  /** Called once before every HTTP request (token requests included), for throttles and metrics. */
  readonly onCall?: (kind: MoveworksCallKind) => void;
  /** Shares tokens with the other processes (scale-out workers); without it the token lives in this one. */
  readonly shareTokens?: (credentials: {
    apiUrl: string;
    clientId: string;
    clientSecret: string;
  }) => TokenShare;
}

type Attempt = { readonly retry: true } | { readonly retry: false; readonly outcome: SendOutcome };

/** Throws ConfigError when neither a Client ID with its Client Secret nor an API Key is given. */
export function createMoveworksClient(options: MoveworksClientOptions): MoveworksClient {
  const { fetch, clock, timeoutMs, clientId, clientSecret, apiKey } = options;
  const base = options.apiUrl.replace(/\/+$/, '');
  const count = (kind: MoveworksCallKind): void => options.onCall?.(kind);
  if (!(clientId && clientSecret) && !apiKey) {
    throw new ConfigError('Moveworks needs a Client ID and Client Secret, or an API Key', [
      { path: 'clientId', code: 'required', message: 'set the Client ID and Client Secret, or an API Key' },
    ]);
  }
  // Client credentials win over an API key: the key is "not needed for client credentials" (moveworks.md §2).
  const cache =
    clientId && clientSecret
      ? new TokenCache(
          clock,
          (via = fetch) => {
            count('token');
            const url = `${base}/oauth/v1/token`;
            return requestTokenGrant({ url, clientId, clientSecret, fetch: via, clock, timeoutMs });
          },
          options.shareTokens?.({ apiUrl: base, clientId, clientSecret }),
        )
      : undefined;
  const token = (via?: OutboundText): Promise<string> =>
    cache ? cache.get(via) : Promise.resolve(apiKey ?? '');

  async function authTest(): Promise<AuthTestResult> {
    const headers = { authorization: `Bearer ${await token()}` };
    count('auth_test');
    const res = await fetch(`${base}/rest/v1/auth/test`, { headers, timeoutMs });
    const text = await res.text().catch(() => '');
    const body = safeJson(text) as { Message?: unknown } | null | undefined;
    const message =
      typeof body?.Message === 'string'
        ? body.Message
        : (parseMoveworksError(text).message ?? res.statusText);
    return { ok: res.ok, status: res.status, message };
  }

  /**
   * One attempt. A 401 with an OAuth token drops that token (unless a newer one already replaced it) and asks
   * for one retry with a fresh token; a static API key cannot be refreshed, so its 401 is final at once.
   */
  async function attempt(payload: MoveworksPayload, via: OutboundText): Promise<Attempt> {
    let bearer: string;
    try {
      bearer = await token(via);
    } catch (err) {
      const outcome = err instanceof OAuthError ? tokenFailureOutcome(err) : coordinationOutcome(err);
      if (outcome === undefined) throw err;
      return { retry: false, outcome };
    }
    const { eventId, message, recipients, context } = payload;
    const body = JSON.stringify({ message, recipients, ...(context === undefined ? {} : { context }) });
    const headers = {
      authorization: `Bearer ${bearer}`,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const url = `${base}/rest/v1/events/${encodeURIComponent(eventId)}/messages/send`;
    count('send');
    let res: TextResponse;
    try {
      res = await via(url, { method: 'POST', headers, body, timeoutMs });
    } catch (err) {
      if (isOutboundError(err)) return { retry: false, outcome: transportOutcome(err) };
      throw err;
    }
    // Read to the end even when unused, so the connection goes back to the pool.
    const text = await res.text().catch(() => '');
    if (res.status === 401 && cache) {
      cache.drop(bearer);
      return { retry: true };
    }
    return { retry: false, outcome: responseOutcome(res, text, clock) };
  }

  async function send(payload: MoveworksPayload, via: OutboundText = fetch): Promise<SendOutcome> {
    for (let tries = 0; tries < 2; tries++) {
      const result = await attempt(payload, via);
      if (!result.retry) return result.outcome;
    }
    return { kind: 'unauthorized', errorText: ipaasErrorText('Unauthorized even with a fresh token', 401) };
  }

  return { token, tokenPending: () => cache?.refreshing() ?? false, authTest, send };
}

/** The shared token could not be reached (Redis away): nothing was sent, a later attempt may go out. */
function coordinationOutcome(err: unknown): SendOutcome | undefined {
  if (!isFerryError(err) || err.code !== 'ERR_COORDINATION_UNAVAILABLE') return undefined;
  return {
    kind: 'unavailable',
    reason: err.message,
    errorText: ipaasErrorText(`token not obtained: ${err.message}`),
  };
}
