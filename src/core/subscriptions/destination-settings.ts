// What a subscription's destination decides in its settings: which credentials it needs and its default throttle.
import type { z } from 'zod';
import {
  listenerLimits,
  type DestinationKind,
  type ListenerAuthKind,
  type MoveworksCredentials,
} from '../delivery/listener.js';

/**
 * Default throttle of the Events API: 120 calls per 60 s, Moveworks' documented organisation-wide limit. This
 * departs from the iPaaS.com recommendation of 500/60 s on purpose: 500 would only buy 429s and pauses.
 */
export const EVENTS_THROTTLE = { limit: 120, seconds: 60 } as const;

/** The settings fields the destination rules read. */
export interface DestinationFields extends MoveworksCredentials {
  readonly destination?: DestinationKind | undefined;
  readonly listenerId?: string | undefined;
  readonly throttleLimit?: number | undefined;
  readonly throttleSeconds?: number | undefined;
}

/** A listener's auth when none is named: client credentials mean oauth, an API Key alone api_key, else none. */
export function inferListenerAuth(v: DestinationFields): ListenerAuthKind {
  if (v.clientId !== undefined && v.clientSecret !== undefined) return 'oauth';
  return v.apiKey !== undefined ? 'api_key' : 'none';
}

/** The default throttle of a destination: the Events API's, or the listener's documented limit. */
export function defaultThrottle(v: DestinationFields): { limit: number; seconds: number } {
  if (v.destination !== 'listener') return EVENTS_THROTTLE;
  return listenerLimits(v.listenerAuth ?? inferListenerAuth(v));
}

/**
 * Fills what the destination decides and the caller left out: a listener's auth kind, and the throttle. On an
 * update (`before` given), a throttle still at the old destination's default follows to the new one's, so moving
 * an Events API subscription to a listener does not keep 120 per 60 s against a limit of 5 per second.
 */
export function withDestinationDefaults<T extends DestinationFields>(v: T, before?: DestinationFields): T {
  const out: { -readonly [K in keyof DestinationFields]: DestinationFields[K] } = { ...v };
  if (v.destination === 'listener' && v.listenerAuth === undefined) out.listenerAuth = inferListenerAuth(v);
  const next = defaultThrottle(out);
  const old = before === undefined ? undefined : defaultThrottle(before);
  const atOldDefault =
    old !== undefined && before?.throttleLimit === old.limit && before.throttleSeconds === old.seconds;
  const untouched =
    before !== undefined &&
    v.throttleLimit === before.throttleLimit &&
    v.throttleSeconds === before.throttleSeconds;
  if (v.throttleLimit === undefined || (atOldDefault && untouched)) out.throttleLimit = next.limit;
  if (v.throttleSeconds === undefined || (atOldDefault && untouched)) out.throttleSeconds = next.seconds;
  return { ...v, ...out };
}

/** The credentials each destination needs: the Events API a Client ID and Secret or an API Key; a listener its id. */
export function credentialsRule(v: DestinationFields, ctx: z.RefinementCtx): void {
  if (v.destination === 'listener') return listenerRule(v, ctx);
  if (v.clientId !== undefined && v.clientSecret !== undefined) return;
  if (v.apiKey !== undefined && v.clientId === undefined && v.clientSecret === undefined) return;
  ctx.addIssue({
    code: 'custom',
    path: [v.clientId === undefined ? 'clientId' : 'clientSecret'],
    message: 'set the Client ID and Client Secret (or only an API Key)',
  });
}

function listenerRule(v: DestinationFields, ctx: z.RefinementCtx): void {
  if (v.listenerId === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['listenerId'],
      message: 'a listener subscription needs the listener id (a UUID)',
    });
  const auth = v.listenerAuth ?? inferListenerAuth(v);
  if (auth === 'oauth' && (v.clientId === undefined || v.clientSecret === undefined))
    ctx.addIssue({
      code: 'custom',
      path: [v.clientId === undefined ? 'clientId' : 'clientSecret'],
      message: 'listenerAuth oauth needs the Client ID and Client Secret',
    });
  if (auth === 'api_key' && v.apiKey === undefined)
    ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'listenerAuth api_key needs the API Key' });
}
