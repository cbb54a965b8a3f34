// `ferry subscriptions add|list|show|update|rm|test|send-test`, to the Events API or a webhook listener.
import { addList, addRemove, printTestResult } from '../resource-commands.js';
import { Command } from 'commander';
import type {
  ConnectionTestView,
  SendTestView,
  SubscriptionView,
} from '../../http/contracts/subscriptions.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { resolveValue } from '../kv-args.js';
import { printJson } from '../output.js';
import { settingFlags, settingsBody, type SettingFlags } from './subscription-flags.js';

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
      `\nExamples:\n  ferry subscriptions add "Moveworks - Production" --region us --client-id ferry \\\n    --client-secret @env:MW_SECRET --default-event 7c1f5d2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f\n` +
        `  ferry subscriptions add "Moveworks - Listener" --region us --listener b2e4c6a8-1d3f-4a5b-9c7e-2f4d6b8a0c1e \\\n` +
        `    --listener-auth oauth --client-id ferry --client-secret @env:MW_SECRET`,
    )
    .action(async (name: string, o: SettingFlags) => {
      const query = o.test === false ? '?test=false' : '';
      show(
        ctx,
        await call<SubscriptionView>('POST', `/subscriptions${query}`, {
          ...(await settingsBody(ctx, o, false)),
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
      await call<SubscriptionView>(
        'PATCH',
        `/subscriptions/${enc(id)}${query}`,
        await settingsBody(ctx, o, true),
      ),
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
    .description(
      'Connection Test: Events API, a token request and GET /rest/v1/auth/test; listener, the credentials only',
    )
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
    .description('Send Test: one sample message (or listener notification), right now')
    .argument('<id>')
    .option('--event <uuid>', 'event id (default: the subscription’s default event)')
    .option('--to <emails>', 'recipients, comma separated (Events API: required)')
    .option('--message <text>', 'the text (default: a short test sentence)')
    .option('--body <json>', 'listener: the JSON body (value, @file or @-; default a sample Message)')
    .addHelpText(
      'after',
      '\nExamples:\n  ferry subscriptions send-test "Moveworks - Production" --to alice@example.com\n' +
        '  ferry subscriptions send-test "Moveworks - Listener" --body \'{"ticket":"INC1"}\'',
    )
    .action(async (id: string, o: { event?: string; to?: string; message?: string; body?: string }) => {
      const to = o.to?.split(/[,;\s]+/).filter(Boolean);
      const body = o.body === undefined ? undefined : parseJson(await resolveValue(o.body, ctx.io));
      const result = await call<SendTestView>('POST', `/subscriptions/${enc(id)}/send-test`, {
        ...(to === undefined ? {} : { to }),
        ...(o.event === undefined ? {} : { eventId: o.event }),
        ...(o.message === undefined ? {} : { message: o.message }),
        ...(body === undefined ? {} : { body }),
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw usageError('--body must be JSON');
  }
}
