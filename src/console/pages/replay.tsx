// Replay from the logs: the selected transfers, or every failed and unconfirmed one (of a subscription).
import type { RegisterPage } from '../deps.js';
import { all, outcome, readForm, text } from '../form.js';
import { Notice } from '../layout.js';

export const replay: RegisterPage = (app, deps) => {
  app.post('/replay', (c) =>
    outcome(c, async () => {
      const form = await readForm(c);
      const ids = [...new Set(all(form, 'trackingId'))];
      const everything = text(form, 'scope') === 'all';
      if (!everything && ids.length === 0) return <Notice ok={false}>Select at least one transfer.</Notice>;
      const count = everything
        ? await deps.transfers.replay({
            subscriptionId: text(form, 'subscription'),
            statuses: ['failed', 'unconfirmed'],
          })
        : await deps.transfers.replay({ trackingIds: ids });
      return <Notice ok={true}>{`Queued ${count} transfer${count === 1 ? '' : 's'} again.`}</Notice>;
    }),
  );
};
