// POST /webhooks/v1/listeners/{listener_id}/notify: Ambient Agents webhooks, with each listener's own rate limit.
import { authenticate } from './sim-auth.js';
import type { SimReply, SimRequest } from './sim-reply.js';
import { badRequest, jsonReply, rateLimited } from './sim-reply.js';
import { SlidingWindowLimiter } from './sliding-window.js';
import type { TokenStore } from './token-store.js';
import type { StoredNotification } from './sim-view.js';

/** The part of the simulator state a webhook call needs. */
export interface WebhookHost {
  readonly listeners: WebhookListeners;
  readonly options: { readonly retryAfterHeader: boolean };
  readonly counters: { listenerRateLimited: number };
  readonly tokens: TokenStore;
  recordNotification(stored: StoredNotification): void;
}

/** The configured listeners and their limits: secured 5 requests per second, unsecured 1 per 10 seconds. */
export class WebhookListeners {
  private readonly limits = new Map<string, SlidingWindowLimiter>();
  private readonly secured = new Set<string>();

  constructor(listeners: Readonly<Record<string, boolean>>) {
    for (const [id, secured] of Object.entries(listeners)) {
      this.limits.set(id, secured ? new SlidingWindowLimiter(5, 1_000) : new SlidingWindowLimiter(1, 10_000));
      if (secured) this.secured.add(id);
    }
  }

  /** The listener's limiter, or undefined when there is no such listener. */
  limiter(listenerId: string): SlidingWindowLimiter | undefined {
    return this.limits.get(listenerId);
  }

  /** True when the listener verifies credentials: a bearer token from /oauth/v1/token or an API key. */
  isSecured(listenerId: string): boolean {
    return this.secured.has(listenerId);
  }

  clear(): void {
    for (const limiter of this.limits.values()) limiter.clear();
  }
}

/** Moveworks documents an empty body for an unknown listener, not its usual error object. */
const UNKNOWN_LISTENER: SimReply = { status: 404, body: '' };

const NOTIFIED: SimReply = jsonReply(200, { message: 'Webhook received', status: 'success' });

/**
 * Any JSON body is accepted for a known listener. A secured one first checks `Authorization: Bearer <token or
 * API key>` and answers 401 with Moveworks' error body as the other endpoints do; an unsecured one takes anyone.
 * Its own sliding-window limit applies (not the Events API's organisation limit); a refused call is not recorded.
 */
export function webhookNotify(req: SimRequest, state: WebhookHost, listenerId: string): SimReply {
  const limiter = state.listeners.limiter(listenerId);
  if (limiter === undefined) return UNKNOWN_LISTENER;
  if (state.listeners.isSecured(listenerId)) {
    const auth = authenticate(req, state);
    if (typeof auth !== 'string') return auth;
  }
  try {
    JSON.parse(req.body);
  } catch {
    return badRequest('Request body is not valid JSON');
  }
  const waitMs = limiter.tryAdmit(req.atMs);
  if (waitMs > 0) {
    state.counters.listenerRateLimited++;
    const message = `Listener rate limit of ${limiter.limit} per ${limiter.windowMs / 1_000} s exceeded`;
    return rateLimited(message, state.options.retryAfterHeader ? waitMs : undefined);
  }
  state.recordNotification({ listenerId, body: req.body, atMs: req.atMs });
  return NOTIFIED;
}
