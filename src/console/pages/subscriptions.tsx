// Subscriptions: the list, adding one (Connection Test first, as the API does), enable and disable.
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { readForm } from '../form.js';
import { CsrfField, page } from '../layout.js';
import { AddForm, NameCell, Table, addFrom } from '../parts.js';
import { SubscriptionFields, subscriptionBody, subscriptionPath } from './subscription-form.js';

export const subscriptions: RegisterPage = (app, deps) => {
  app.get('/subscriptions', async (c) => {
    const subs = await deps.subscriptions.list();
    return page(
      c,
      'Subscriptions',
      <>
        <Table head={['Name', 'API URL', 'State', 'Throttle', '']}>
          {subs.map((s) => (
            <tr data-subscription={s.id}>
              <NameCell path={subscriptionPath(s)} name={s.name} />
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
        </Table>
        <AddForm path="subscriptions" what="a subscription" submit="Test and save">
          <SubscriptionFields />
        </AddForm>
      </>,
    );
  });

  app.post('/subscriptions', (c) =>
    addFrom(c, (form) => deps.subscriptions.create(subscriptionBody(form, true)), subscriptionPath),
  );

  app.post('/subscriptions/:id/enabled', async (c) => {
    const form = await readForm(c);
    await deps.subscriptions.update(c.req.param('id'), { enabled: form.enabled === 'true' });
    return c.redirect(`${CONSOLE_BASE}/subscriptions`, 303);
  });
};
