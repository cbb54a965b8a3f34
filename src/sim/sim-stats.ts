// Counters behind GET /_sim/stats: plain increments on the hot path, window maths only when someone asks.
import { maxInWindow, TimeLog } from './sliding-window.js';

export type SimEndpoint = 'token' | 'authTest' | 'eventSend' | 'legacySend' | 'webhookNotify' | 'other';

/** What the simulator has seen since start or the last reset. Only API requests count; /_sim never does. */
export interface SimStats {
  /** API requests received, whatever became of them. */
  readonly requests: number;
  /** Answers sent, by HTTP status ("200", "429", ...); resets and hangs have none. */
  readonly byStatus: Readonly<Record<string, number>>;
  readonly byEndpoint: Readonly<Record<SimEndpoint, number>>;
  /** Requests that reached POST /oauth/v1/token (not refused by the rate limit or a fault). */
  readonly tokenRequests: number;
  readonly tokensIssued: number;
  /** Sends answered with success (event and legacy). */
  readonly messagesAccepted: number;
  /** Recipients named by the accepted sends. */
  readonly recipientsAccepted: number;
  readonly notificationsAccepted: number;
  /** 429s from the organisation limit or a storm. */
  readonly rateLimited: number;
  /** 429s from a webhook listener's own limit. */
  readonly listenerRateLimited: number;
  readonly injectedErrors: number;
  readonly resets: number;
  readonly hangs: number;
  /** The window used by the two maxima below, in ms (the rate-limit window unless asked otherwise). */
  readonly windowMs: number;
  /** Most API requests received in any sliding window of `windowMs`, 429s included. */
  readonly maxRequestsInWindow: number;
  /** Most API requests the organisation limit admitted in any sliding window of `windowMs`. */
  readonly maxAdmittedInWindow: number;
}

const noEndpoints = (): Record<SimEndpoint, number> => ({
  token: 0,
  authTest: 0,
  eventSend: 0,
  legacySend: 0,
  webhookNotify: 0,
  other: 0,
});

export class SimCounters {
  /** Arrival time of every API request, ms by the simulator's clock. */
  readonly arrivals = new TimeLog();
  /** Arrival time of every API request the organisation limit admitted. */
  readonly admitted = new TimeLog();
  byStatus = new Map<number, number>();
  byEndpoint = noEndpoints();
  tokenRequests = 0;
  tokensIssued = 0;
  messagesAccepted = 0;
  recipientsAccepted = 0;
  notificationsAccepted = 0;
  rateLimited = 0;
  listenerRateLimited = 0;
  injectedErrors = 0;
  resets = 0;
  hangs = 0;

  answered(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  snapshot(windowMs: number): SimStats {
    const byStatus: Record<string, number> = {};
    for (const [status, count] of [...this.byStatus].sort((a, b) => a[0] - b[0])) byStatus[status] = count;
    return {
      requests: this.arrivals.length,
      byStatus,
      byEndpoint: { ...this.byEndpoint },
      tokenRequests: this.tokenRequests,
      tokensIssued: this.tokensIssued,
      messagesAccepted: this.messagesAccepted,
      recipientsAccepted: this.recipientsAccepted,
      notificationsAccepted: this.notificationsAccepted,
      rateLimited: this.rateLimited,
      listenerRateLimited: this.listenerRateLimited,
      injectedErrors: this.injectedErrors,
      resets: this.resets,
      hangs: this.hangs,
      windowMs,
      maxRequestsInWindow: maxInWindow(this.arrivals.toArray(), windowMs),
      maxAdmittedInWindow: maxInWindow(this.admitted.toArray(), windowMs),
    };
  }

  clear(): void {
    this.arrivals.clear();
    this.admitted.clear();
    this.byStatus = new Map();
    this.byEndpoint = noEndpoints();
    this.tokenRequests = this.tokensIssued = this.messagesAccepted = this.recipientsAccepted = 0;
    this.notificationsAccepted = this.rateLimited = this.listenerRateLimited = 0;
    this.injectedErrors = this.resets = this.hangs = 0;
  }
}
