// The Subscription settings form (every iPaaS setting), shared by "add" and "edit"; secrets are write-only.
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { defined, num, text, checked, type Form } from '../form.js';

const Field = (p: { label: string; name: string; value?: string | number | undefined; type?: string }) => (
  <label>
    {p.label}
    <input name={p.name} type={p.type ?? 'text'} value={p.value === undefined ? '' : String(p.value)} />
  </label>
);

/** A secret is never sent to the page: the field is empty, and says whether one is set. */
const Secret = (p: { label: string; name: string; set: boolean }) => (
  <label>
    {p.label} {p.set && <span class="secret-set">set</span>}
    <input
      name={p.name}
      type="password"
      autocomplete="new-password"
      placeholder={p.set ? 'set; leave empty to keep it' : 'not set'}
    />
  </label>
);

const Check = (p: { label: string; name: string; on: boolean }) => (
  <label class="inline">
    <input type="checkbox" name={p.name} checked={p.on} /> {p.label}
  </label>
);

export function SubscriptionFields(props: { sub?: Subscription | undefined }) {
  const s = props.sub;
  return (
    <>
      <fieldset>
        <legend>Moveworks</legend>
        <Field label="Name" name="name" value={s?.name} />
        <Field label="API URL" name="apiUrl" value={s?.apiUrl} />
        <Field label="Client ID" name="clientId" value={s?.clientId} />
        <Secret label="Client Secret" name="clientSecret" set={s?.clientSecret !== undefined} />
        <Secret label="API Key" name="apiKey" set={s?.apiKey !== undefined} />
        <Field label="Default Event ID" name="defaultEventId" value={s?.defaultEventId} />
      </fieldset>
      <fieldset>
        <legend>Throughput</legend>
        <Field label="API Throttle Limit" name="throttleLimit" type="number" value={s?.throttleLimit} />
        <Field label="API Throttle Seconds" name="throttleSeconds" type="number" value={s?.throttleSeconds} />
        <Field
          label="Concurrent Connections"
          name="concurrentConnections"
          type="number"
          value={s?.concurrentConnections}
        />
        <Field
          label="Concurrent Batch Executions"
          name="concurrentBatchExecutions"
          type="number"
          value={s?.concurrentBatchExecutions}
        />
      </fieldset>
      <fieldset>
        <legend>Retries and delivery</legend>
        <Field label="Max attempts" name="maxAttempts" type="number" value={s?.retry.maxAttempts} />
        <Field
          label="Retry schedule (minutes, comma separated; empty: 0, 20, 60, 120, …)"
          name="scheduleMinutes"
          value={s?.retry.scheduleMinutes?.join(', ')}
        />
        <Check
          label="At least once (resend unconfirmed, risking a duplicate)"
          name="atLeastOnce"
          on={s?.atLeastOnce ?? false}
        />
        <Check label="Enabled" name="enabled" on={s?.enabled ?? true} />
        {s === undefined && <Check label="Create Default Mappings" name="createDefaultMappings" on={true} />}
      </fieldset>
    </>
  );
}

/** The body for SubscriptionService.create or .update: only what was filled in; empty secrets keep theirs. */
export function subscriptionBody(form: Form, creating: boolean): Record<string, unknown> {
  const schedule = text(form, 'scheduleMinutes');
  const maxAttempts = num(form, 'maxAttempts');
  return defined({
    name: text(form, 'name'),
    apiUrl: text(form, 'apiUrl'),
    clientId: text(form, 'clientId'),
    clientSecret: text(form, 'clientSecret'),
    apiKey: text(form, 'apiKey'),
    defaultEventId: text(form, 'defaultEventId'),
    throttleLimit: num(form, 'throttleLimit'),
    throttleSeconds: num(form, 'throttleSeconds'),
    concurrentConnections: num(form, 'concurrentConnections'),
    concurrentBatchExecutions: num(form, 'concurrentBatchExecutions'),
    retry:
      maxAttempts === undefined && schedule === undefined
        ? undefined
        : defined({
            maxAttempts: maxAttempts ?? 10,
            scheduleMinutes: schedule?.split(',').map((m) => Number(m.trim())),
          }),
    atLeastOnce: checked(form, 'atLeastOnce'),
    enabled: checked(form, 'enabled'),
    createDefaultMappings: creating ? checked(form, 'createDefaultMappings') : undefined,
  });
}

/** A subscription's page under the console: its list links there and adding one goes there. */
export const subscriptionPath = (s: { id: string }): string => `subscriptions/${s.id}`;
