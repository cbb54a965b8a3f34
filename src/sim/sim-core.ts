// The simulator's core state: credentials, limits, faults and everything received; handlers and SimState share it.
import type { Clock } from '../core/clock.js';
import type { FaultKind } from './fault-plan.js';
import { FaultPlan } from './fault-plan.js';
import { RecordLog } from './record-log.js';
import type { FaultPatch, SimulatorOptions } from './sim-options.js';
import { parseFaultPatch } from './sim-options.js';
import type { SimReply } from './sim-reply.js';
import { rateLimited } from './sim-reply.js';
import type { SimStats } from './sim-stats.js';
import { SimCounters } from './sim-stats.js';
import { SlidingWindowLimiter } from './sliding-window.js';
import { TokenStore } from './token-store.js';
import { WebhookListeners } from './webhook-notify.js';
import type {
  ReceivedMessage,
  ReceivedNotification,
  SimFaults,
  SimState,
  StoredMessage,
  StoredNotification,
} from './sim-view.js';
import { toMessage, toNotification } from './sim-view.js';

/** What happened to a request on arrival: refused with a 429, or admitted with a fault drawn for it. */
export interface Admission {
  readonly atMs: number;
  readonly fault: FaultKind;
  readonly latencyMs: number;
  readonly refusal: SimReply | undefined;
}

/** Moveworks asks integrators to wait 60 s after a 429; a storm with no end says the same. */
const STORM_RETRY_AFTER_MS = 60_000;

/** SimState plus what the endpoint handlers need; only the SimState part leaves src/sim. */
export class SimCore implements SimState {
  readonly tokens: TokenStore;
  readonly counters = new SimCounters();
  readonly listeners: WebhookListeners;
  private readonly orgLimit: SlidingWindowLimiter;
  private readonly secrets: ReadonlyMap<string, string>;
  private readonly events: ReadonlySet<string>;
  private readonly plan: FaultPlan;
  readonly messageLog: RecordLog<StoredMessage>;
  readonly notificationLog: RecordLog<StoredNotification>;

  constructor(
    readonly options: SimulatorOptions,
    readonly clock: Clock,
  ) {
    this.tokens = new TokenStore(clock, options.apiKeys);
    this.orgLimit = new SlidingWindowLimiter(options.rateLimit, options.rateLimitWindowMs);
    this.secrets = new Map(options.clients.map((c) => [c.clientId, c.clientSecret]));
    this.events = new Set(options.events.map((id) => id.toLowerCase()));
    this.listeners = new WebhookListeners(options.listeners);
    this.plan = new FaultPlan(options, clock);
    this.messageLog = new RecordLog(options.maxStoredMessages);
    this.notificationLog = new RecordLog(options.maxStoredMessages);
  }

  /**
   * Called once per API request as it arrives: records it, applies storm and organisation limit, draws a fault.
   * `ownLimit`: the request is under a limit of its own instead (a webhook listener's: moveworks.md §1 gives
   * listeners 5/s or 1/10 s, which an organisation limit of 120/min would otherwise undercut).
   */
  admit(ownLimit = false): Admission {
    const atMs = this.clock.now();
    this.counters.arrivals.push(atMs);
    const storm = this.plan.stormRemainingMs(atMs);
    const waitMs =
      storm !== undefined
        ? Math.min(storm, STORM_RETRY_AFTER_MS)
        : ownLimit
          ? 0
          : this.orgLimit.tryAdmit(atMs);
    if (waitMs > 0) {
      this.counters.rateLimited++;
      const { limit, windowMs } = this.orgLimit;
      const why =
        storm === undefined
          ? `Rate limit of ${limit} requests per ${windowMs / 1_000} s exceeded`
          : 'Rate limited';
      const refusal = rateLimited(why, this.options.retryAfterHeader ? waitMs : undefined);
      return { atMs, fault: 'none', latencyMs: this.plan.latencyMs(), refusal };
    }
    this.counters.admitted.push(atMs);
    return { atMs, fault: this.plan.draw(), latencyMs: this.plan.latencyMs(), refusal: undefined };
  }

  secretOf(clientId: string): string | undefined {
    return this.secrets.get(clientId);
  }

  isKnownEvent(eventId: string): boolean {
    return this.options.acceptAnyEvent || this.events.has(eventId.toLowerCase());
  }

  recordMessage(stored: StoredMessage, recipients: number): void {
    this.messageLog.append(stored);
    this.counters.messagesAccepted++;
    this.counters.recipientsAccepted += recipients;
  }

  recordNotification(stored: StoredNotification): void {
    this.notificationLog.append(stored);
    this.counters.notificationsAccepted++;
  }

  messages(since = 0, limit?: number): ReceivedMessage[] {
    return this.messageLog.page(since, limit).entries.map(({ index, entry }) => toMessage(index, entry));
  }

  notifications(since = 0, limit?: number): ReceivedNotification[] {
    return this.notificationLog
      .page(since, limit)
      .entries.map(({ index, entry }) => toNotification(index, entry));
  }

  /** Messages accepted so far: a counter read, cheap enough to poll (stats() scans every request time). */
  messagesAccepted(): number {
    return this.counters.messagesAccepted;
  }

  stats(windowMs = this.options.rateLimitWindowMs): SimStats {
    return this.counters.snapshot(windowMs);
  }

  requestTimesMs(): Float64Array {
    return this.counters.arrivals.toArray();
  }

  faults(): SimFaults {
    return { ...this.plan.snapshot(), rateLimit: this.orgLimit.limit };
  }

  setFaults(input: FaultPatch): SimFaults {
    const patch = parseFaultPatch(input);
    this.plan.apply(patch);
    if (patch.rateLimit !== undefined) this.orgLimit.limit = patch.rateLimit;
    return this.faults();
  }

  startRateLimitStorm(durationMs?: number): void {
    this.setFaults({ rateLimitStorm: durationMs === undefined ? true : { durationMs } });
  }

  stopRateLimitStorm(): void {
    this.setFaults({ rateLimitStorm: false });
  }

  revokeTokens(): number {
    return this.tokens.revokeAll();
  }

  reset(options: { readonly revokeTokens?: boolean } = {}): void {
    this.counters.clear();
    this.messageLog.clear();
    this.notificationLog.clear();
    this.orgLimit.clear();
    this.orgLimit.limit = this.options.rateLimit;
    this.listeners.clear();
    this.plan.reset();
    if (options.revokeTokens === true) this.tokens.revokeAll();
  }
}
