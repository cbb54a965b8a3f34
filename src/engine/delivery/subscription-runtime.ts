// One subscription's live parts: its call gate and its destination client, rebuilt when the settings change.
import type { Clock } from '../../core/clock.js';
import type { DeliveryObserver } from '../../core/ports/delivery-observer.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Destination, DestinationClient } from '../../core/ports/destination.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';
import type { OutboundText, TextResponse } from '../../core/ports/outbound.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import type { Subscription, SubscriptionSettings } from '../../core/subscriptions/subscription.js';
import type { Coordination, Gate, GateLimits } from '../../core/ports/coordination.js';
import { InProcessCoordination } from './in-process-coordination.js';
import { connectionTest, type ConnectionTestResult } from '../subscriptions/connection-test.js';
import { listenerConnectionTest } from '../subscriptions/listener-connection-test.js';

/**
 * Builds the destination of some settings (the Events API or a webhook listener client), sending through `fetch`
 * (the composition root's adapter).
 */
export type DestinationFactory = (settings: SubscriptionSettings, fetch: OutboundText) => Destination;

export interface SubscriptionRuntime {
  readonly gate: Gate;
  readonly destination: Destination;
  /** The destination's client: what the dispatch lane calls, whatever the kind. */
  readonly client: DestinationClient;
  /**
   * A fetch for one transfer's calls, holding a gate slot taken before the transfer was claimed: its first
   * request (a token request or the send) uses the slot and releases it when it ends; any later one queues at
   * the gate like every other call. With `debug` (Manual Sync's) every request and answer is logged.
   */
  slotted(release: () => void, debug: boolean): OutboundText;
}

const limitsOf = (s: SubscriptionSettings): GateLimits => ({
  limit: s.throttleLimit,
  windowMs: s.throttleSeconds * 1_000,
  concurrency: s.concurrentConnections,
});

/**
 * What the subscription use cases need from the runtimes: the Connection Test and Send Test go through the same
 * gate and token cache as delivery, which runs on the dispatch thread.
 */
export interface MoveworksAccess {
  /**
   * The Connection Test: `saved` through the subscription's live runtime; otherwise with settings not saved yet,
   * through a throwaway client that shares the saved one's gate.
   */
  test(sub: Subscription, saved: boolean): Promise<ConnectionTestResult>;
  /** One send through the live runtime (Send Test); throws OAuthError for refused credentials. */
  send(sub: Subscription, payload: unknown): Promise<SendOutcome>;
  /** The subscription was deleted, or is being saved with new credentials: drop its runtime. */
  forget(id: string): void;
}

export class SubscriptionRuntimes implements MoveworksAccess {
  private readonly live = new Map<string, { key: string; sub: Subscription; runtime: SubscriptionRuntime }>();
  /**
   * One gate per subscription id, for its whole life: kept when its credentials change, and made already by the
   * Connection Test before a subscription's first save, so those calls count against its throttle window too.
   */
  private readonly gates = new Set<string>();
  private readonly coordination: Coordination;

  constructor(
    private readonly deps: {
      readonly fetch: OutboundText;
      readonly createDestination: DestinationFactory;
      readonly clock: Clock;
      readonly logger: Logger;
      readonly scrubber: SecretScrubber;
      /** Counts throttle waits and token requests (metrics); optional. */
      readonly observer?: DeliveryObserver | undefined;
      /** Where the gates live: in this process by default, shared by every worker in scale-out. */
      readonly coordination?: Coordination;
    },
  ) {
    this.coordination = deps.coordination ?? new InProcessCoordination(deps.clock);
  }

  /** The runtime for the subscription's current settings; the gate survives changes that keep credentials. */
  get(sub: Subscription): SubscriptionRuntime {
    const current = this.live.get(sub.id);
    // The dispatcher asks twice per transfer with the same settings object: nothing to compare then.
    if (current?.sub === sub) return current.runtime;
    const key = JSON.stringify([
      sub.apiUrl,
      sub.clientId,
      sub.clientSecret,
      sub.apiKey,
      sub.destination,
      sub.listenerId,
      sub.listenerAuth,
      sub.tokenUrl,
      sub.apiKeyHeader,
      sub.apiKeyPattern,
    ]);
    if (current?.key === key) {
      current.runtime.gate.reconfigure(limitsOf(sub));
      this.live.set(sub.id, { ...current, sub });
      return current.runtime;
    }
    const gate = this.gate(sub);
    gate.reconfigure(limitsOf(sub));
    const runtime = this.build(sub, gate);
    this.live.set(sub.id, { key, sub, runtime });
    return runtime;
  }

  /**
   * A client for settings not saved yet (the Connection Test before a save), through the subscription's gate;
   * `forget` the id when the save does not happen.
   */
  private probe(sub: Subscription): Destination {
    return this.build(sub, this.gate(sub)).destination;
  }

  private gate(sub: Subscription): Gate {
    this.gates.add(sub.id);
    const { observer } = this.deps;
    const id = sub.id;
    return this.coordination.gate(id, limitsOf(sub), observer && ((ms) => observer.throttled(id, ms)));
  }

  /**
   * The Connection Test: `saved` through the subscription's live runtime (the gate and token cache delivery
   * uses); otherwise, for settings not saved yet, through a throwaway client that shares the saved one's gate.
   */
  test(sub: Subscription, saved: boolean): Promise<ConnectionTestResult> {
    const destination = saved ? this.get(sub).destination : this.probe(sub);
    return destination.kind === 'listener'
      ? listenerConnectionTest(sub, destination.client)
      : connectionTest(sub, destination.client);
  }

  /** One send through the live runtime (Send Test); throws OAuthError for refused credentials. */
  send(sub: Subscription, payload: unknown): Promise<SendOutcome> {
    return this.get(sub).client.send(payload);
  }

  /** Applies changed settings now: calls waiting at the gate are admitted under the new throttle and cap. */
  apply(sub: Subscription): void {
    this.get(sub);
  }

  /** The subscription was deleted, or is being saved with new credentials: drop its runtime. */
  forget(id: string): void {
    this.coordination.forget(id);
    this.gates.delete(id);
    this.live.delete(id);
  }

  closeAll(): void {
    for (const id of [...this.gates]) this.forget(id);
  }

  private build(sub: Subscription, gate: Gate): SubscriptionRuntime {
    const { logger, clock, scrubber, observer } = this.deps;
    const fetch = observer === undefined ? this.deps.fetch : countTokens(this.deps.fetch, observer, sub.id);
    const log = logger.child({ subscription: sub.id });
    const gatedFetch: OutboundText = (url, init) => gate.run(() => fetch(url, init));
    const logged: OutboundText = (url, init) => debugFetch(fetch, url, init, log, clock, scrubber);
    const destination = this.deps.createDestination(sub, gatedFetch);
    return {
      gate,
      destination,
      client: destination.client,
      slotted: (release, debug) => {
        const call = debug ? logged : fetch;
        let slot: (() => void) | undefined = release;
        return async (url, init) => {
          const held = slot;
          slot = undefined;
          if (held === undefined) return gate.run(() => call(url, init));
          try {
            return await call(url, init);
          } finally {
            held();
          }
        };
      },
    };
  }
}

const isTokenUrl = (url: string | URL): boolean => String(url).endsWith('/oauth/v1/token');

/** Tells the observer of each request to the token endpoint. */
function countTokens(fetch: OutboundText, observer: DeliveryObserver, id: string): OutboundText {
  return (url, init) => {
    if (isTokenUrl(url)) observer.tokenRequest(id);
    return fetch(url, init);
  };
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
  const isToken = isTokenUrl(target);
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
  // The body is read here already: the caller gets it again from this copy, whatever `res` allows.
  return {
    status: res.status,
    ok: res.ok,
    statusText: res.statusText,
    headers: res.headers,
    text: () => Promise.resolve(answer),
  };
}
