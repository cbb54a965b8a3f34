// What tests, the benchmark and GET /_sim/* see of the simulator: the SimState API and the received records.
import type { FaultSnapshot } from './fault-plan.js';
import type { FaultPatch, SimulatorOptions } from './sim-options.js';
import type { SimStats } from './sim-stats.js';
import { isPlainObject, own } from './sim-reply.js';

/** The run-time settings GET /_sim/faults reports: the faults plus the organisation limit. */
export type SimFaults = FaultSnapshot & { readonly rateLimit: number };

/** An accepted send as kept in memory: the raw body, parsed again only when someone looks. */
export interface StoredMessage {
  /** null for the legacy endpoint. */
  readonly eventId: string | null;
  readonly clientId: string;
  readonly body: string;
  readonly atMs: number;
}

export interface StoredNotification {
  readonly listenerId: string;
  readonly body: string;
  readonly atMs: number;
}

/** One accepted send, in arrival order. */
export interface ReceivedMessage {
  /** Position since start or the last reset; stable across paging and dropping. */
  readonly index: number;
  /** The event id from the path; null for the legacy endpoint. */
  readonly eventId: string | null;
  readonly recipients: readonly string[];
  readonly message: string;
  /** The `context` object as sent; null when absent or on the legacy endpoint (which ignores it). */
  readonly context: Readonly<Record<string, unknown>> | null;
  /** Client id of the token used (`api-key` for a static API key). */
  readonly clientId: string;
  /** Arrival time by the simulator's clock, ms since the epoch. */
  readonly receivedAtMs: number;
}

/** One accepted webhook call, in arrival order. */
export interface ReceivedNotification {
  readonly index: number;
  readonly listenerId: string;
  readonly body: unknown;
  readonly receivedAtMs: number;
}

/** In-process access to the simulator, for tests and the benchmark; GET/POST /_sim/* expose the same. */
export interface SimState {
  /** The options in force, defaults applied. */
  readonly options: SimulatorOptions;
  /** Accepted sends from absolute index `since` (default 0), at most `limit` (default all kept). */
  messages(since?: number, limit?: number): ReceivedMessage[];
  /** Accepted webhook calls, paged like `messages`. */
  notifications(since?: number, limit?: number): ReceivedNotification[];
  /** Messages accepted so far: a counter read, cheap enough to poll (stats() scans every request time). */
  messagesAccepted(): number;
  /** Counters; the maxima use `windowMs` (default: the rate-limit window). */
  stats(windowMs?: number): SimStats;
  /** Arrival time (ms, simulator clock) of every API request since start or reset, ascending. */
  requestTimesMs(): Float64Array;
  faults(): SimFaults;
  /** Changes fault settings or the organisation limit; throws ValidationError (nothing changed) when invalid. */
  setFaults(patch: FaultPatch): SimFaults;
  /** 429 to every API request for `durationMs`, or until `stopRateLimitStorm` when omitted. */
  startRateLimitStorm(durationMs?: number): void;
  stopRateLimitStorm(): void;
  /** Invalidates every issued token, so the next call with one gets 401; returns how many were live. */
  revokeTokens(): number;
  /** Forgets everything received, counters and limit windows; faults return to the start-up options. */
  reset(options?: { readonly revokeTokens?: boolean }): void;
}

export function toMessage(index: number, stored: StoredMessage): ReceivedMessage {
  // The body was validated before it was stored, so these reads cannot fail.
  const body = JSON.parse(stored.body) as object;
  const context = stored.eventId === null ? undefined : own(body, 'context');
  return {
    index,
    eventId: stored.eventId,
    recipients: own(body, 'recipients') as string[],
    message: own(body, 'message') as string,
    context: isPlainObject(context) ? (context as Record<string, unknown>) : null,
    clientId: stored.clientId,
    receivedAtMs: stored.atMs,
  };
}

export function toNotification(index: number, stored: StoredNotification): ReceivedNotification {
  return {
    index,
    listenerId: stored.listenerId,
    body: JSON.parse(stored.body) as unknown,
    receivedAtMs: stored.atMs,
  };
}
