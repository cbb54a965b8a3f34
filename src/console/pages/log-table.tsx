// The Activity and Error logs' shared page: filters, the attempts newest first, and replay of one or many.
import type { Context } from 'hono';
import type { AttemptOutcome } from '../../core/ports/delivery-storage.js';
import { CONSOLE_BASE, type ConsoleDeps, type ConsoleEnv } from '../deps.js';
import { page } from '../layout.js';
import { Select, Table } from '../parts.js';

/** The newest attempts read per page; the status and time filters apply within them. */
const PAGE = 500;
const OUTCOMES: readonly AttemptOutcome[] = [
  'delivered',
  'failed',
  'retrying',
  'unconfirmed',
  'rate_limited',
  'unauthorized',
  'skipped',
];

/** The log's columns; the first holds the checkbox that picks an attempt for replay. */
const HEAD = [
  '',
  'At',
  'Subscription',
  'Tracking ID',
  'Message ID',
  'Attempt',
  'Status',
  'HTTP',
  'ms',
  'Error',
];

const time = (v: string | undefined): number | undefined => {
  if (v === undefined || v === '') return undefined;
  const t = Date.parse(v.endsWith('Z') ? v : `${v}Z`);
  return Number.isNaN(t) ? undefined : t;
};

export async function logPage(c: Context<ConsoleEnv>, deps: ConsoleDeps, errorsOnly: boolean) {
  const q = c.req.query();
  const path = errorsOnly ? '/errors' : '/activity';
  const [subs, rows] = await Promise.all([
    deps.subscriptions.list(),
    deps.transfers.activity(
      {
        subscriptionId: q.subscription || undefined,
        messageId: q.message || undefined,
        trackingIds: q.tracking ? [q.tracking] : undefined,
        errorsOnly,
      },
      PAGE,
    ),
  ]);
  const from = time(q.from);
  const to = time(q.to);
  const shown = rows.filter(
    (r) =>
      (!q.status || r.outcome === q.status) &&
      (from === undefined || Date.parse(r.at) >= from) &&
      (to === undefined || Date.parse(r.at) <= to),
  );
  const names = new Map(subs.map((s) => [s.id, s.name]));
  return page(
    c,
    errorsOnly ? 'Error log' : 'Activity log',
    <>
      <form method="get" action={`${CONSOLE_BASE}${path}`} class="card row" id="filters">
        <label>
          Status
          <Select name="status" any={true} options={OUTCOMES} selected={q.status} />
        </label>
        <label>
          Subscription
          <Select
            name="subscription"
            any={true}
            options={subs.map((s) => [s.id, s.name] as const)}
            selected={q.subscription}
          />
        </label>
        <label>
          Tracking ID
          <input name="tracking" value={q.tracking ?? ''} />
        </label>
        <label>
          Message ID
          <input name="message" value={q.message ?? ''} />
        </label>
        <label>
          From (UTC)
          <input name="from" type="datetime-local" step="1" value={q.from ?? ''} />
        </label>
        <label>
          To (UTC)
          <input name="to" type="datetime-local" step="1" value={q.to ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <form hx-post={`${CONSOLE_BASE}/replay`} hx-target="#replay-result" id="replay">
        <div class="row">
          <button type="submit" name="scope" value="selected">
            Replay selected
          </button>
          <button type="submit" name="scope" value="all" class="secondary">
            Replay every failed and unconfirmed{q.subscription ? ' of this subscription' : ''}
          </button>
          <input type="hidden" name="subscription" value={q.subscription ?? ''} />
        </div>
        <div id="replay-result"></div>
        <p class="hint">{`${shown.length} of the newest ${rows.length} attempts.`}</p>
        <Table id="log" head={HEAD}>
          {shown.map((r) => (
            <tr data-tracking={r.trackingId} data-outcome={r.outcome}>
              <td>
                <input
                  type="checkbox"
                  name="trackingId"
                  value={r.trackingId}
                  aria-label={`select ${r.trackingId}`}
                />
              </td>
              <td>{r.at}</td>
              <td>{names.get(r.subscriptionId) ?? r.subscriptionId}</td>
              <td>{r.trackingId}</td>
              <td>{r.messageId}</td>
              <td class="n">{r.attempt}</td>
              <td class={r.outcome}>{r.outcome}</td>
              <td class="n">{r.httpStatus ?? ''}</td>
              <td class="n">{r.durationMs}</td>
              <td>{r.errorText ?? ''}</td>
            </tr>
          ))}
        </Table>
      </form>
    </>,
  );
}
