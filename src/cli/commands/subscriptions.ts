// `ferry subscriptions add|list|show|update|rm|test|send-test`.
import { addList, addRemove, printTestResult } from '../resource-commands.js';
import { Command, Option } from 'commander';
import { MOVEWORKS_REGIONS } from '../../core/delivery/moveworks.js';
import type {
  ConnectionTestView,
  SendTestView,
  SubscriptionView,
} from '../../http/contracts/subscriptions.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { resolveValue } from '../kv-args.js';
import { printJson } from '../output.js';

const int = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw usageError(`${name} must be a whole number`);
  return n;
};

interface SettingFlags {
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
}

/** The settings flags shared by add and update; secrets take @env:NAME, @file or @- to stay out of argv. */
function settingFlags(cmd: Command): Command {
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
    .option('--no-test', 'save without the Connection Test');
}

async function body(ctx: CommandContext, o: SettingFlags & { disabled?: boolean }, isUpdate: boolean) {
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
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

export function subscriptionsCommand(ctx: CommandContext): Command {
  const cmd = new Command('subscriptions').description(
    'manage Moveworks subscriptions (delivery of Messages)',
  );
  const call = <T>(method: string, path: string, b?: unknown) => ctx.api().call<T>(method, path, b);

  settingFlags(
    cmd
      .command('add')
      .description('create a subscription; the Connection Test must pass first')
      .argument('<name>', 'e.g. "Moveworks - Production"'),
  )
    .addHelpText(
      'after',
      `\nExample:\n  ferry subscriptions add "Moveworks - Production" --region us --client-id ferry \\\n    --client-secret @env:MW_SECRET --default-event 7c1f5d2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f`,
    )
    .action(async (name: string, o: SettingFlags) => {
      const query = o.test === false ? '?test=false' : '';
      show(
        ctx,
        await call<SubscriptionView>('POST', `/subscriptions${query}`, {
          ...(await body(ctx, o, false)),
          name,
        }),
      );
    });

  addList(
    cmd,
    ctx,
    ['list subscriptions', '/subscriptions'],
    ['id', 'name', 'apiUrl', 'throttle', 'enabled', 'health'],
    (s: SubscriptionView) => ({ ...s, throttle: `${s.throttleLimit}/${s.throttleSeconds}s` }),
  );

  cmd
    .command('show')
    .description('show one subscription (by id or name) with its transfers per status')
    .argument('<id>')
    .action(async (id: string) =>
      show(ctx, await call<SubscriptionView>('GET', `/subscriptions/${enc(id)}`)),
    );

  settingFlags(
    cmd
      .command('update')
      .description('change a subscription; settings not given keep their values')
      .argument('<id>')
      .option('--name <name>', 'a new name'),
  ).action(async (id: string, o: SettingFlags) => {
    const query = o.test === false ? '?test=false' : '';
    show(
      ctx,
      await call<SubscriptionView>('PATCH', `/subscriptions/${enc(id)}${query}`, await body(ctx, o, true)),
    );
  });

  addRemove(
    cmd,
    ctx,
    ['rm <id>', 'delete a subscription with its transfers and activity'],
    '/subscriptions',
    'deleted subscription',
  );

  cmd
    .command('test')
    .description('Connection Test: token request and GET /rest/v1/auth/test')
    .argument('<id>')
    .action(async (id: string) => {
      const result = await call<ConnectionTestView>('POST', `/subscriptions/${enc(id)}/test`);
      const check = result.error ? `check: ${result.error.check.join(', ')}\n` : '';
      printTestResult(
        ctx,
        result,
        result.ok ? 'Connection Test passed\n' : `Connection Test failed: ${result.error?.message}\n${check}`,
      );
    });

  cmd
    .command('send-test')
    .description('Send Test: one sample message to an event and recipients, right now')
    .argument('<id>')
    .option('--event <uuid>', 'event id (default: the subscription’s default event)')
    .requiredOption('--to <emails>', 'recipients, comma separated')
    .option('--message <text>', 'the text (default: a short test sentence)')
    .addHelpText(
      'after',
      '\nExample:\n  ferry subscriptions send-test "Moveworks - Production" --to alice@example.com',
    )
    .action(async (id: string, o: { event?: string; to: string; message?: string }) => {
      const to = o.to.split(/[,;\s]+/).filter(Boolean);
      const result = await call<SendTestView>('POST', `/subscriptions/${enc(id)}/send-test`, {
        to,
        ...(o.event === undefined ? {} : { eventId: o.event }),
        ...(o.message === undefined ? {} : { message: o.message }),
      });
      if (ctx.json()) printJson(ctx.io, result);
      else
        ctx.io.out(
          result.ok
            ? `Send Test delivered (HTTP ${result.httpStatus})\n`
            : `Send Test failed: ${result.error}\n`,
        );
      if (!result.ok) process.exitCode = 1;
    });
  return cmd;
}

function show(ctx: CommandContext, sub: SubscriptionView): void {
  printJson(ctx.io, sub);
}

const enc = encodeURIComponent;
