// The webhook listener client (moveworks.md §1): POST /webhooks/v1/listeners/{id}/notify with a connector auth method.
import type { Clock } from '../../core/clock.js';
import { OAuthError } from '../../core/errors.js';
import { listenerErrorText, listenerNotifyUrl } from '../../core/delivery/listener.js';
import type { AuthMethod } from '../../core/ports/auth-method.js';
import type { CredentialCheck, ListenerClient } from '../../core/ports/destination.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';
import type { PreparedRequest } from '../../core/ports/prepared-request.js';
import type { OutboundText, TextResponse } from '../../core/ports/outbound.js';
import { isOutboundError, responseOutcome, tokenFailureOutcome, transportOutcome } from './send-outcome.js';
import { TokenCache } from './token-cache.js';

const ACTION = 'NotifyListener';

export interface ListenerClientOptions {
  /** Base URL, e.g. `https://api.moveworks.ai` (a trailing slash is ignored). */
  readonly apiUrl: string;
  /** The listener's UUID, from Moveworks. */
  readonly listenerId: string;
  /**
   * A connector auth method (src/adapters/auth): `none`, `api_key` (static) or `oauth2_client_credentials`,
   * whose tokens this client caches until near expiry (single flight) and drops after a 401.
   */
  readonly auth: AuthMethod;
  /** Sends notifications (the subscription's gated fetch); token requests go through the auth method's own. */
  readonly fetch: OutboundText;
  readonly clock: Clock;
  /** Whole-request timeout of every notification, in ms. */
  readonly timeoutMs: number;
}

type Attempt = { readonly retry: true } | { readonly retry: false; readonly outcome: SendOutcome };

export function createListenerClient(options: ListenerClientOptions): ListenerClient {
  const { auth, clock, fetch, timeoutMs, listenerId } = options;
  const url = listenerNotifyUrl(options.apiUrl, listenerId);
  const cache =
    auth.kind === 'token'
      ? new TokenCache(clock, async () => {
          const obtained = await auth.obtain();
          // No expires_in: the shorter of Moveworks' two documented lifetimes, as for the Events API.
          return { accessToken: obtained.accessToken, expiresInSeconds: obtained.expiresInSeconds ?? 60 };
        })
      : undefined;
  const token = (): Promise<string> => (cache ? cache.get() : Promise.resolve(''));

  async function attempt(body: string, via: OutboundText): Promise<Attempt> {
    const req: PreparedRequest = {
      method: 'POST',
      url: new URL(url),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
    };
    let bearer = '';
    if (auth.kind === 'static') auth.apply(req);
    else {
      try {
        bearer = await token();
      } catch (err) {
        const outcome = err instanceof OAuthError ? tokenFailureOutcome(err, ACTION) : undefined;
        if (outcome === undefined) throw err;
        return { retry: false, outcome };
      }
      auth.apply(req, bearer);
    }
    let res: TextResponse;
    try {
      res = await via(req.url, { method: 'POST', headers: req.headers, body, timeoutMs });
    } catch (err) {
      if (isOutboundError(err)) return { retry: false, outcome: transportOutcome(err, ACTION) };
      throw err;
    }
    // Read to the end even when unused, so the connection goes back to the pool.
    const text = await res.text().catch(() => '');
    if (res.status === 401 && cache) {
      cache.drop(bearer);
      return { retry: true };
    }
    if (res.status === 404) return { retry: false, outcome: unknownListener(listenerId) };
    return { retry: false, outcome: responseOutcome(res, text, clock, ACTION) };
  }

  return {
    token,
    // Its token requests go through the auth method's own fetch, never the subscription's gate.
    tokenPending: () => false,
    async send(payload, via = fetch) {
      const body = JSON.stringify(payload);
      for (let tries = 0; tries < 2; tries++) {
        const result = await attempt(body, via);
        if (!result.retry) return result.outcome;
      }
      return {
        kind: 'unauthorized',
        errorText: listenerErrorText('Unauthorized even with a fresh token', 401),
      };
    },
    async checkCredentials(): Promise<CredentialCheck> {
      if (auth.kind === 'static') {
        const described = auth.describe();
        return { steps: described === '' ? [] : [`credential: ${described}`] };
      }
      // A token request of its own, past the cache: the test is about the credentials as saved now.
      return { steps: (await auth.obtain()).steps };
    },
  };
}

/** Moveworks answers an unknown listener 404 with an empty body: permanent, and named so the id can be checked. */
function unknownListener(listenerId: string): SendOutcome {
  const message = `listener ${listenerId} was not found: check the listener id`;
  return {
    kind: 'rejected',
    status: 404,
    code: 'LISTENER_NOT_FOUND',
    message,
    errorText: listenerErrorText(message, 404),
  };
}
