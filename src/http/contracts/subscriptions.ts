// Request and response shapes of /api/v1/subscriptions, shared by the server and the CLI.
import { z } from 'zod';
import { view, stamps } from './view.js';
import { DESTINATION_KINDS, LISTENER_AUTH_KINDS } from '../../core/delivery/listener.js';
import { secretFlag } from './connectors.js';

export const subscriptionView = view('Subscription', {
  id: z.string(),
  name: z.string(),
  apiUrl: z.string(),
  clientId: z.string().optional(),
  clientSecret: secretFlag.optional(),
  apiKey: secretFlag.optional(),
  throttleLimit: z.number(),
  throttleSeconds: z.number(),
  concurrentConnections: z.number(),
  concurrentBatchExecutions: z.number(),
  defaultEventId: z.string().optional(),
  createDefaultMappings: z.boolean(),
  enabled: z.boolean(),
  retry: z.object({ maxAttempts: z.number(), scheduleMinutes: z.array(z.number()).optional() }),
  atLeastOnce: z.boolean(),
  destination: z.enum(DESTINATION_KINDS),
  listenerId: z.string().optional(),
  listenerAuth: z.enum(LISTENER_AUTH_KINDS).optional(),
  tokenUrl: z.string().optional(),
  apiKeyHeader: z.string().optional(),
  apiKeyPattern: z.string().optional(),
  health: z.enum(['ok', 'auth_failed']).meta({
    description:
      'auth_failed: Moveworks refused the credentials; delivery waits for a change or a passing test.',
  }),
  healthDetail: z.string().optional(),
  transfers: z
    .record(z.string(), z.number())
    .optional()
    .meta({ description: 'Transfers per status (on GET of one subscription).' }),
  ...stamps,
});
export type SubscriptionView = z.infer<typeof subscriptionView>;

export const connectionTestResult = view('ConnectionTestResult', {
  ok: z.boolean(),
  steps: z.array(z.string()),
  error: z
    .object({ code: z.string(), message: z.string(), check: z.array(z.string()) })
    .optional()
    .meta({ description: '`check` names the settings most likely wrong.' }),
});
export type ConnectionTestView = z.infer<typeof connectionTestResult>;

export const sendTestInput = z
  .object({
    eventId: z.string().optional().meta({ description: 'Default: the subscription’s default event id.' }),
    to: z
      .array(z.string())
      .min(1)
      .max(500)
      .optional()
      .meta({ description: 'Recipients; required for the Events API, unused by a webhook listener.' }),
    message: z.string().min(1).max(20_000).default('Ferry Send Test: this subscription can reach you.'),
    body: z
      .unknown()
      .optional()
      .meta({
        description:
          'Webhook listener only: the JSON body to send; default a sample Message with `message` as its Text, ' +
          'as the default listener mapping makes it.',
      }),
  })
  .strict()
  .meta({ id: 'SendTestInput' });

export const sendTestResult = view('SendTestResult', {
  ok: z.boolean(),
  outcome: z.string(),
  httpStatus: z.number().optional(),
  error: z.string().optional(),
});
export type SendTestView = z.infer<typeof sendTestResult>;

export const manualSyncInput = z
  .object({
    ids: z.array(z.string().min(1)).min(1).max(3_000),
    debug: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'ManualSyncInput' });

export const manualSyncResult = view('ManualSyncResult', {
  queued: z.array(z.string()),
  alreadyQueued: z.array(z.string()),
  alreadyDelivered: z.array(z.string()),
  notFound: z.array(z.string()),
});
export type ManualSyncView = z.infer<typeof manualSyncResult>;

export const subscriptionParam = z.object({
  id: z.string().meta({ param: { name: 'id', in: 'path' }, example: 'sub_3f9a0c1d2e4b' }),
});

export const saveQuery = z.object({
  test: z
    .enum(['true', 'false'])
    .default('true')
    .meta({ description: 'false saves without the Connection Test.' }),
});
