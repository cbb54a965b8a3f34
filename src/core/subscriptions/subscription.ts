// A Moveworks subscription's settings, with the names iPaaS.com users know (moveworks.md §2).
import { z } from 'zod';
import { MOVEWORKS_DEFAULT_API_URL, MOVEWORKS_REGIONS, UUID } from '../delivery/moveworks.js';

/**
 * Default throttle: 120 calls per 60 s, Moveworks' documented organisation-wide limit. This departs from the
 * iPaaS.com recommendation of 500/60 s on purpose: 500 would only buy 429s and pauses.
 */
export const DEFAULT_THROTTLE_LIMIT = 120;
export const DEFAULT_THROTTLE_SECONDS = 60;

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
};

const credentialsRule = (
  v: { clientId?: string | undefined; clientSecret?: string | undefined; apiKey?: string | undefined },
  ctx: z.RefinementCtx,
) => {
  if (v.clientId !== undefined && v.clientSecret !== undefined) return;
  if (v.apiKey !== undefined && v.clientId === undefined && v.clientSecret === undefined) return;
  ctx.addIssue({
    code: 'custom',
    path: [v.clientId === undefined ? 'clientId' : 'clientSecret'],
    message: 'set the Client ID and Client Secret (or only an API Key)',
  });
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
    throttleLimit: fields.throttleLimit.default(DEFAULT_THROTTLE_LIMIT),
    throttleSeconds: fields.throttleSeconds.default(DEFAULT_THROTTLE_SECONDS),
    concurrentConnections: fields.concurrentConnections.default(10),
    concurrentBatchExecutions: fields.concurrentBatchExecutions.default(10),
    defaultEventId: fields.defaultEventId.optional(),
    createDefaultMappings: fields.createDefaultMappings.default(true),
    enabled: fields.enabled.default(true),
    retry: fields.retry.default({ maxAttempts: 10 }),
    atLeastOnce: fields.atLeastOnce.default(false),
  })
  .strict()
  .superRefine(credentialsRule)
  .meta({ id: 'SubscriptionInput' });

/** PATCH: every field optional; `null` clears clientId/clientSecret/apiKey/defaultEventId. */
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
