// Send Test: the one sample request a subscription sends on demand, for the Events API or a webhook listener.
import { listenerBodyProblems } from '../../core/delivery/listener.js';
import { moveworksPayloadSchema } from '../../core/delivery/moveworks.js';
import { ValidationError, type Issue } from '../../core/errors.js';
import { defaultListenerBody } from '../../core/mappings/listener-mapping.js';
import type { SendOutcome } from '../../core/ports/moveworks.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { toIssues } from '../../core/zod-issues.js';

export interface SendTestInput {
  /** Events API: the event (default: the subscription's default event id). */
  readonly eventId?: string | undefined;
  /** Events API: the recipients (required there). */
  readonly to?: readonly string[] | undefined;
  readonly message: string;
  /** Webhook listener: the JSON body; default a sample Message with `message` as its Text, as mapped by default. */
  readonly body?: unknown;
}

export interface SendTestResult {
  readonly ok: boolean;
  readonly outcome: SendOutcome['kind'];
  readonly httpStatus?: number;
  readonly error?: string;
}

/** What to send, checked as delivery would check it; throws ValidationError naming what is missing. */
export function sendTestPayload(sub: Subscription, input: SendTestInput, nowMs: number): unknown {
  if (sub.destination === 'listener') {
    const body =
      input.body ??
      defaultListenerBody({
        Id: `ferry-send-test-${nowMs}`,
        Type: 'Other',
        Severity: 'Info',
        Text: input.message,
        CustomFields: {},
        ExternalIds: [],
        Links: [],
        CreatedTime: new Date(nowMs).toISOString(),
      });
    const problems = listenerBodyProblems(body);
    if (problems.length > 0)
      throw invalid(problems.map((message) => ({ path: 'body', code: 'invalid_body', message })));
    return body;
  }
  if (input.to === undefined || input.to.length === 0)
    throw invalid([{ path: 'to', code: 'required', message: 'give --to (at least one recipient)' }]);
  const payload = {
    eventId: input.eventId ?? sub.defaultEventId ?? '',
    message: input.message,
    recipients: input.to,
  };
  const checked = moveworksPayloadSchema.safeParse(payload);
  if (checked.success) return payload;
  const issues = toIssues(checked.error);
  if (issues.some((i) => i.path === 'eventId') && input.eventId === undefined)
    throw invalid([
      {
        path: 'eventId',
        code: 'required',
        message: 'give --event (the subscription has no default event id)',
      },
    ]);
  throw invalid(issues);
}

/** The outcome as the API reports it: `ok`, the HTTP status where there was one, and the error text. */
export function sendTestResult(outcome: SendOutcome): SendTestResult {
  if (outcome.kind === 'delivered') return { ok: true, outcome: outcome.kind, httpStatus: outcome.status };
  const status = 'status' in outcome ? outcome.status : outcome.kind === 'rate_limited' ? 429 : undefined;
  return {
    ok: false,
    outcome: outcome.kind,
    ...(status === undefined ? {} : { httpStatus: status }),
    error: outcome.errorText,
  };
}

const invalid = (issues: Issue[]): ValidationError =>
  new ValidationError(
    `the Send Test is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
