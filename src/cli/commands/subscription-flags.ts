// The settings flags of `ferry subscriptions add|update`, and the API body they make.
import { Option, type Command } from 'commander';
import { MOVEWORKS_REGIONS } from '../../core/delivery/moveworks.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { resolveValue } from '../kv-args.js';

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw usageError(`${name} must be a whole number`);
  return n;
};

export interface SettingFlags {
  name?: string;
  apiUrl?: string;
  region?: string;
  clientId?: string;
  clientSecret?: string;
  apiKey?: string;
  throttleLimit?: number;
  throttleSeconds?: number;
  concurrentConnections?: number;
  concurrentBatchExecutions?: number;
  defaultEvent?: string;
  defaultMappings?: boolean;
  enabled?: boolean;
  maxAttempts?: number;
  retryMinutes?: string;
  atLeastOnce?: boolean;
  test?: boolean;
  listener?: string;
  events?: boolean;
  listenerAuth?: string;
  tokenUrl?: string;
  apiKeyHeader?: string;
  apiKeyPattern?: string;
}

/** The settings flags shared by add and update; secrets take @env:NAME, @file or @- to stay out of argv. */
export function settingFlags(cmd: Command): Command {
  return cmd
    .option('--api-url <url>', 'Moveworks API URL (default https://api.moveworks.ai)')
    .addOption(
      new Option('--region <name>', 'a regional API URL preset').choices(Object.keys(MOVEWORKS_REGIONS)),
    )
    .option('--client-id <id>', 'Client ID')
    .option('--client-secret <secret>', 'Client Secret (value, @env:NAME, @file or @-)')
    .option('--api-key <key>', 'API Key: a static bearer, only when there are no client credentials')
    .option(
      '--throttle-limit <n>',
      'API Throttle Limit: calls per window (default 120)',
      int('--throttle-limit'),
    )
    .option(
      '--throttle-seconds <n>',
      'API Throttle Seconds: the window (default 60)',
      int('--throttle-seconds'),
    )
    .option(
      '--concurrent-connections <n>',
      'requests in flight at once (default 10)',
      int('--concurrent-connections'),
    )
    .option(
      '--concurrent-batch-executions <n>',
      'parts of one message (over 500 recipients) in flight at once (default 10)',
      int('--concurrent-batch-executions'),
    )
    .option('--default-event <uuid>', 'event id used when a message has no "Moveworks Event Id" field')
    .option('--no-default-mappings', 'do not create the default mapping')
    .option('--disabled', 'save it disabled (no transfers are created)')
    .option('--enabled', 'enable it again')
    .option('--max-attempts <n>', 'attempts for transient failures (default 10)', int('--max-attempts'))
    .option('--retry-minutes <list>', 'retry delays in minutes, e.g. 0,20,60,120,200 (default 10·a·(a+1))')
    .option('--at-least-once', 'resend requests that may have been delivered (risks a duplicate)')
    .option('--listener <uuid>', 'deliver to this webhook listener instead of the Events API')
    .option('--events', 'deliver to the Events API again (after --listener)')
    .addOption(
      new Option(
        '--listener-auth <kind>',
        'how the listener verifies Ferry (default: oauth with --client-id, api-key with --api-key, else none)',
      ).choices(['none', 'oauth', 'api-key']),
    )
    .option('--token-url <url>', 'OAuth token URL for a listener (default <api url>/oauth/v1/token)')
    .option('--api-key-header <name>', 'header carrying a listener API key (default Authorization)')
    .option('--api-key-pattern <pattern>', 'its value, %s is the key (default "Bearer %s")')
    .option('--no-test', 'save without the Connection Test');
}

export async function settingsBody(
  ctx: CommandContext,
  o: SettingFlags & { disabled?: boolean },
  isUpdate: boolean,
) {
  const secret = async (v: string | undefined) => (v === undefined ? undefined : resolveValue(v, ctx.io));
  const retry =
    o.maxAttempts !== undefined || o.retryMinutes !== undefined
      ? {
          ...(o.maxAttempts === undefined ? {} : { maxAttempts: o.maxAttempts }),
          ...(o.retryMinutes === undefined ? {} : { scheduleMinutes: o.retryMinutes.split(',').map(Number) }),
        }
      : undefined;
  const out: Record<string, unknown> = {
    name: o.name,
    apiUrl: o.apiUrl,
    region: o.region,
    clientId: o.clientId,
    clientSecret: await secret(o.clientSecret),
    apiKey: await secret(o.apiKey),
    throttleLimit: o.throttleLimit,
    throttleSeconds: o.throttleSeconds,
    concurrentConnections: o.concurrentConnections,
    concurrentBatchExecutions: o.concurrentBatchExecutions,
    defaultEventId: o.defaultEvent,
    createDefaultMappings: o.defaultMappings === false ? false : isUpdate ? undefined : true,
    enabled: o.disabled ? false : o.enabled ? true : undefined,
    retry,
    atLeastOnce: o.atLeastOnce,
    destination: o.listener !== undefined ? 'listener' : o.events ? 'events' : undefined,
    listenerId: o.listener,
    listenerAuth: o.listenerAuth?.replace('-', '_'),
    tokenUrl: o.tokenUrl,
    apiKeyHeader: o.apiKeyHeader,
    apiKeyPattern: o.apiKeyPattern,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
