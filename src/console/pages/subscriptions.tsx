// Subscriptions: the list, adding one (Connection Test first, as the API does), enable and disable.
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { outcome, readForm } from '../form.js';
import { CsrfField, Notice, page } from '../layout.js';
import { SubscriptionFields, subscriptionBody } from './subscription-form.js';

export const subscriptions: RegisterPage = (app, deps) => {
  app.get('/subscriptions', async (c) => {
    const subs = await deps.subscriptions.list();
    return page(
      c,
      'Subscriptions',
      <>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>API URL</th>
              <th>State</th>
              <th>Throttle</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {subs.map((s) => (
              <tr data-subscription={s.id}>
                <td>
                  <a href={`${CONSOLE_BASE}/subscriptions/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.apiUrl}</td>
                <td class="state">{s.enabled ? (s.health === 'ok' ? 'enabled' : s.health) : 'disabled'}</td>
                <td>{`${s.throttleLimit} / ${s.throttleSeconds} s`}</td>
                <td>
                  <form method="post" action={`${CONSOLE_BASE}/subscriptions/${s.id}/enabled`}>
                    <CsrfField c={c} />
                    <input type="hidden" name="enabled" value={s.enabled ? 'false' : 'true'} />
                    <button type="submit" class="secondary">
                      {s.enabled ? 'Disable' : 'Enable'}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Add a subscription</h2>
        <form
          class="card"
          hx-post={`${CONSOLE_BASE}/subscriptions`}
          hx-target="#add-result"
          id="add-subscription"
        >
          <SubscriptionFields />
          <button type="submit">Test and save</button>
          <div id="add-result"></div>
        </form>
      </>,
    );
  });

  app.post('/subscriptions', (c) =>
    outcome(c, async () => {
      const sub = await deps.subscriptions.create(subscriptionBody(await readForm(c), true));
      c.header('hx-redirect', `${CONSOLE_BASE}/subscriptions/${sub.id}`);
      return <Notice ok={true}>Saved {sub.name}.</Notice>;
    }),
  );

  app.post('/subscriptions/:id/enabled', async (c) => {
    const form = await readForm(c);
    await deps.subscriptions.update(c.req.param('id'), { enabled: form.enabled === 'true' });
    return c.redirect(`${CONSOLE_BASE}/subscriptions`, 303);
  });
};
