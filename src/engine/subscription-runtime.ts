// One subscription's live parts: its call gate and its Moveworks client, rebuilt when the settings change.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/ports/logger.js';
import type { MoveworksClient } from '../core/ports/moveworks.js';
import type { OutboundText, TextResponse } from '../core/ports/outbound.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { Subscription, SubscriptionSettings } from '../core/subscription.js';
import { CallGate, type GateLimits } from './call-gate.js';

/** Builds the Events API client for some settings, sending through `fetch` (the composition root's adapter). */
export type MoveworksClientFactory = (settings: SubscriptionSettings, fetch: OutboundText) => MoveworksClient;

/** A slot taken before a transfer was claimed; the first HTTP call made under it uses it instead of queueing. */
interface Ticket {
  release: (() => void) | undefined;
  readonly debug: boolean;
}

export interface SubscriptionRuntime {
  readonly gate: CallGate;
  readonly client: MoveworksClient;
  /**
   * Runs `work` holding a gate slot taken beforehand (or none), optionally logging every request and response
   * made inside it (Manual Sync's debug). The slot is released when its call ends, or after `work` at the latest.
   */
  withSlot<T>(release: (() => void) | undefined, debug: boolean, work: () => Promise<T>): Promise<T>;
}

const limitsOf = (s: SubscriptionSettings): GateLimits => ({
  limit: s.throttleLimit,
  windowMs: s.throttleSeconds * 1_000,
  concurrency: s.concurrentConnections,
});

export class SubscriptionRuntimes {
  private readonly live = new Map<string, { key: string; runtime: SubscriptionRuntime }>();
  private readonly tickets = new AsyncLocalStorage<Ticket>();
  /** Gates of subscriptions being created: taken over by their first `get`. */
  private readonly probeGates = new Map<string, CallGate>();

  constructor(
    private readonly deps: {
      readonly fetch: OutboundText;
      readonly createClient: MoveworksClientFactory;
      readonly clock: Clock;
      readonly logger: Logger;
      readonly scrubber: SecretScrubber;
    },
  ) {}

  /** The runtime for the subscription's current settings; the gate survives changes that keep credentials. */
  get(sub: Subscription): SubscriptionRuntime {
    const key = JSON.stringify([sub.apiUrl, sub.clientId, sub.clientSecret, sub.apiKey]);
    const current = this.live.get(sub.id);
    if (current?.key === key) {
      current.runtime.gate.reconfigure(limitsOf(sub));
      return current.runtime;
    }
    const gate =
      current?.runtime.gate ?? this.probeGates.get(sub.id) ?? new CallGate(limitsOf(sub), this.deps.clock);
    this.probeGates.delete(sub.id);
    gate.reconfigure(limitsOf(sub));
    const runtime = this.build(sub, gate);
    this.live.set(sub.id, { key, runtime });
    return runtime;
  }

  /**
   * A client for settings not saved yet (the Connection Test before a save), sharing the saved one's gate. A
   * subscription not saved yet gets the gate its live runtime will use, so the test's calls count against its
   * throttle window too; `forget` the id when the save does not happen.
   */
  probe(sub: Subscription): MoveworksClient {
    let gate = this.live.get(sub.id)?.runtime.gate ?? this.probeGates.get(sub.id);
    if (gate === undefined) {
      gate = new CallGate(limitsOf(sub), this.deps.clock);
      this.probeGates.set(sub.id, gate);
    }
    return this.build(sub, gate).client;
  }

  forget(id: string): void {
    this.live.get(id)?.runtime.gate.close();
    this.live.delete(id);
    this.probeGates.get(id)?.close();
    this.probeGates.delete(id);
  }

  closeAll(): void {
    for (const id of new Set([...this.live.keys(), ...this.probeGates.keys()])) this.forget(id);
  }

  private build(sub: Subscription, gate: CallGate): SubscriptionRuntime {
    const { fetch, logger, clock, scrubber } = this.deps;
    const log = logger.child({ subscription: sub.id });
    const gatedFetch: OutboundText = async (url, init) => {
      const ticket = this.tickets.getStore();
      const release = ticket?.release;
      const call = ticket?.debug
        ? () => debugFetch(fetch, url, init, log, clock, scrubber)
        : () => fetch(url, init);
      if (ticket === undefined || release === undefined) return gate.run(call);
      ticket.release = undefined;
      try {
        return await call();
      } finally {
        release();
      }
    };
    return {
      gate,
      client: this.deps.createClient(sub, gatedFetch),
      withSlot: async (release, debug, work) => {
        const ticket: Ticket = { release, debug };
        try {
          return await this.tickets.run(ticket, work);
        } finally {
          ticket.release?.();
        }
      },
    };
  }
}

/** Logs one request and its answer for Manual Sync's debug mode: credentials and token responses masked. */
async function debugFetch(
  fetch: OutboundText,
  url: string | URL,
  init: Parameters<OutboundText>[1],
  log: Logger,
  clock: Clock,
  scrubber: SecretScrubber,
): Promise<TextResponse> {
  const target = String(url);
  const isToken = target.endsWith('/oauth/v1/token');
  const body = typeof init?.body === 'string' && !isToken ? scrubber.scrub(init.body) : '[masked]';
  const started = clock.now();
  log.info({ method: init?.method ?? 'GET', url: target, body }, 'debug: request to Moveworks');
  const res = await fetch(url, init);
  const answer = await res.text();
  const text = isToken ? '[token response masked]' : scrubber.scrub(answer);
  log.info(
    { status: res.status, durationMs: clock.now() - started, body: text },
    'debug: answer from Moveworks',
  );
  return res;
}
