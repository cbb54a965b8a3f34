// Manual Sync: up to 3,000 Message ids through one subscription, with the debug option.
import { MAX_SYNC_IDS } from '../../engine/messages/transfer-service.js';
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { checked, outcome, readForm, text } from '../form.js';
import { Notice, page } from '../layout.js';
import { CardForm, Select } from '../parts.js';

const List = (p: { label: string; ids: readonly string[] }) =>
  p.ids.length === 0 ? null : (
    <p>
      <strong>{`${p.label} (${p.ids.length}):`}</strong> {p.ids.slice(0, 100).join(', ')}
      {p.ids.length > 100 ? ' …' : ''}
    </p>
  );

export const manualSync: RegisterPage = (app, deps) => {
  app.get('/manual-sync', async (c) => {
    const subs = await deps.subscriptions.list();
    return page(
      c,
      'Manual Sync',
      <CardForm id="sync-form" post={`${CONSOLE_BASE}/manual-sync`} result="sync-result" submit="Sync">
        <label>
          Subscription
          <Select name="subscription" options={subs.map((s) => [s.id, s.name] as const)} />
        </label>
        <label>
          {`Message ids (up to ${MAX_SYNC_IDS.toLocaleString('en')}, one a line or comma separated)`}
          <textarea name="ids"></textarea>
        </label>
        <label class="inline">
          <input type="checkbox" name="debug" /> Debug: send these first and log every request and answer
        </label>
      </CardForm>,
    );
  });

  app.post('/manual-sync', (c) =>
    outcome(c, async () => {
      const form = await readForm(c);
      const ids = (text(form, 'ids') ?? '').split(/[\s,]+/).filter(Boolean);
      const report = await deps.transfers.manualSync(
        text(form, 'subscription') ?? '',
        ids,
        checked(form, 'debug'),
      );
      return (
        <Notice ok={report.notFound.length === 0}>
          <List label="Queued" ids={report.queued} />
          <List label="Already queued" ids={report.alreadyQueued} />
          <List label="Already delivered (not sent again)" ids={report.alreadyDelivered} />
          <List label="Not found" ids={report.notFound} />
        </Notice>
      );
    }),
  );
};
