// A Moveworks subscription's settings, with the names iPaaS.com users know (moveworks.md §2).
import { z } from 'zod';
import { DESTINATION_KINDS, LISTENER_AUTH_KINDS } from '../delivery/listener.js';
import { MOVEWORKS_DEFAULT_API_URL, MOVEWORKS_REGIONS, UUID } from '../delivery/moveworks.js';
import { credentialsRule, EVENTS_THROTTLE } from './destination-settings.js';

/** Default throttle of an Events API subscription (see destination-settings.ts for listeners'). */
export const DEFAULT_THROTTLE_LIMIT = EVENTS_THROTTLE.limit;
export const DEFAULT_THROTTLE_SECONDS = EVENTS_THROTTLE.seconds;

const apiUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const regionName = z.enum(Object.keys(MOVEWORKS_REGIONS) as [string, ...string[]]);
const secret = z.string().min(1, 'must not be empty').max(4_096);

export const retrySettings = z
  .object({
    /** Attempts in all, the first included. */
    maxAttempts: z.number().int().min(1).max(100).default(10),
    /** Minutes before each retry; when absent, 0, 20, 60, 120, 200 … (10·a·(a+1)). */
    scheduleMinutes: z.array(z.number().min(0).max(100_000)).min(1).max(100).optional(),
  })
  .strict();

const fields = {
  name: z.string().trim().min(1).max(200).meta({ example: 'Moveworks - Production' }),
  apiUrl: apiUrl.meta({ description: `Default ${MOVEWORKS_DEFAULT_API_URL}; or give region.` }),
  region: regionName.meta({ description: 'A regional preset; sets apiUrl.' }),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: secret,
  apiKey: secret.meta({
    description: 'Used as a static bearer when no Client ID and Client Secret are set.',
  }),
  throttleLimit: z.number().int().min(1).max(1_000_000),
  throttleSeconds: z.number().int().min(1).max(86_400),
  concurrentConnections: z.number().int().min(1).max(256),
  concurrentBatchExecutions: z.number().int().min(1).max(256),
  defaultEventId: z.string().regex(UUID, 'must be a UUID (the event id from the Events Workspace)'),
  createDefaultMappings: z.boolean(),
  enabled: z.boolean(),
  retry: retrySettings,
  atLeastOnce: z
    .boolean()
    .meta({ description: 'Resend requests that may have been delivered (risking a duplicate).' }),
  destination: z.enum(DESTINATION_KINDS).meta({
    description:
      'events (default): POST /rest/v1/events/{event id}/messages/send; listener: POST ' +
      '/webhooks/v1/listeners/{listenerId}/notify with the mapped JSON body.',
  }),
  listenerId: z.string().regex(UUID, 'must be a UUID (the listener id from Moveworks)'),
  listenerAuth: z.enum(LISTENER_AUTH_KINDS).meta({
    description:
      "How the listener verifies Ferry: none (unsecured, 1 request per 10 s), oauth (Client ID and Client Secret's " +
      'bearer token) or api_key (API Key in a header); secured listeners take 5 requests per second. Default: ' +
      'oauth with client credentials, api_key with an API Key, else none.',
  }),
  tokenUrl: apiUrl.meta({ description: 'OAuth token URL of a listener; default {apiUrl}/oauth/v1/token.' }),
  apiKeyHeader: z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name')
    .meta({ description: 'Header carrying a listener API key; default Authorization.' }),
  apiKeyPattern: z
    .string()
    .min(2)
    .max(500)
    .includes('%s', { message: 'must contain %s' })
    .meta({ description: 'Header value, %s is the API key; default "Bearer %s".' }),
};

/** A listener's own settings, optional wherever they appear (the destination rule says when one is needed). */
const listenerFields = {
  listenerId: fields.listenerId.optional(),
  listenerAuth: fields.listenerAuth.optional(),
  tokenUrl: fields.tokenUrl.optional(),
  apiKeyHeader: fields.apiKeyHeader.optional(),
  apiKeyPattern: fields.apiKeyPattern.optional(),
};

/** What POST /subscriptions accepts. */
export const subscriptionInput = z
  .object({
    ...fields,
    apiUrl: fields.apiUrl.optional(),
    region: fields.region.optional(),
    clientId: fields.clientId.optional(),
    clientSecret: fields.clientSecret.optional(),
    apiKey: fields.apiKey.optional(),
    throttleLimit: fields.throttleLimit
      .optional()
      .meta({ description: 'Default 120 (Events API), 5 (secured listener), 1 (unsecured listener).' }),
    throttleSeconds: fields.throttleSeconds
      .optional()
      .meta({ description: 'Default 60 (Events API), 1 (secured listener), 10 (unsecured listener).' }),
    concurrentConnections: fields.concurrentConnections.default(10),
    concurrentBatchExecutions: fields.concurrentBatchExecutions.default(10),
    defaultEventId: fields.defaultEventId.optional(),
    createDefaultMappings: fields.createDefaultMappings.default(true),
    enabled: fields.enabled.default(true),
    retry: fields.retry.default({ maxAttempts: 10 }),
    atLeastOnce: fields.atLeastOnce.default(false),
    destination: fields.destination.default('events'),
    ...listenerFields,
  })
  .strict()
  .meta({ id: 'SubscriptionInput' });

/** PATCH: every field optional; `null` clears clientId/clientSecret/apiKey/defaultEventId and listener fields. */
export const subscriptionPatch = z
  .object({
    name: fields.name.optional(),
    apiUrl: fields.apiUrl.optional(),
    region: fields.region.optional(),
    clientId: fields.clientId.nullable().optional(),
    clientSecret: fields.clientSecret.nullable().optional(),
    apiKey: fields.apiKey.nullable().optional(),
    throttleLimit: fields.throttleLimit.optional(),
    throttleSeconds: fields.throttleSeconds.optional(),
    concurrentConnections: fields.concurrentConnections.optional(),
    concurrentBatchExecutions: fields.concurrentBatchExecutions.optional(),
    defaultEventId: fields.defaultEventId.nullable().optional(),
    createDefaultMappings: fields.createDefaultMappings.optional(),
    enabled: fields.enabled.optional(),
    retry: fields.retry.optional(),
    atLeastOnce: fields.atLeastOnce.optional(),
    destination: fields.destination.optional(),
    listenerId: fields.listenerId.nullable().optional(),
    listenerAuth: fields.listenerAuth.optional(),
    tokenUrl: fields.tokenUrl.nullable().optional(),
    apiKeyHeader: fields.apiKeyHeader.nullable().optional(),
    apiKeyPattern: fields.apiKeyPattern.nullable().optional(),
  })
  .strict()
  .meta({ id: 'SubscriptionPatch' });

/** The settings as kept (secrets in the clear only in memory; sealed in the database). */
export const subscriptionSettings = z
  .object({
    name: fields.name,
    apiUrl: fields.apiUrl,
    clientId: fields.clientId.optional(),
    clientSecret: fields.clientSecret.optional(),
    apiKey: fields.apiKey.optional(),
    throttleLimit: fields.throttleLimit,
    throttleSeconds: fields.throttleSeconds,
    concurrentConnections: fields.concurrentConnections,
    concurrentBatchExecutions: fields.concurrentBatchExecutions,
    defaultEventId: fields.defaultEventId.optional(),
    createDefaultMappings: fields.createDefaultMappings,
    enabled: fields.enabled,
    retry: fields.retry,
    atLeastOnce: fields.atLeastOnce,
    // Settings saved before listeners existed have no destination: they are Events API subscriptions.
    destination: fields.destination.default('events'),
    ...listenerFields,
  })
  .strict()
  .superRefine(credentialsRule);
export type SubscriptionSettings = z.infer<typeof subscriptionSettings>;

export const SUBSCRIPTION_SECRET_FIELDS = ['clientSecret', 'apiKey'] as const;

export interface Subscription extends SubscriptionSettings {
  readonly id: string;
  readonly health: 'ok' | 'auth_failed';
  readonly healthDetail: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Resolves `region` into `apiUrl` (a region wins over the default, an explicit apiUrl over both). */
export function resolveApiUrl(apiUrl: string | undefined, region: string | undefined): string {
  return (
    apiUrl ??
    (region === undefined ? undefined : MOVEWORKS_REGIONS[region]) ??
    MOVEWORKS_DEFAULT_API_URL
  ).replace(/\/+$/, '');
}
