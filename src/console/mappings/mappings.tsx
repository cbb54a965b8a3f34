// Mappings: each subscription's mapping collections in the order they apply, and adding one.
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { checked, text } from '../form.js';
import { page } from '../layout.js';
import { addFrom } from '../parts.js';
import { defaultCollection } from '../../core/mappings/mapping.js';

export const mappings: RegisterPage = (app, deps) => {
  app.get('/mappings', async (c) => {
    const subs = await deps.subscriptions.list();
    const lists = await Promise.all(subs.map((s) => deps.mappings.list(s.id)));
    return page(
      c,
      'Mappings',
      <>
        <p class="hint">The first Enabled collection of a subscription maps each Message.</p>
        {subs.map((s, i) => (
          <section class="card" data-subscription={s.id}>
            <h2>{s.name}</h2>
            <ul>
              {(lists[i] ?? []).map((m) => (
                <li>
                  <a href={`${CONSOLE_BASE}/mappings/${s.id}/${m.id}`}>{m.name}</a>
                  {` · ${m.status} · ${m.rows.length} rows`}
                </li>
              ))}
            </ul>
            <form hx-post={`${CONSOLE_BASE}/mappings/${s.id}`} hx-target="next .result" class="row">
              <label>
                New collection
                <input name="name" />
              </label>
              <label class="inline">
                <input type="checkbox" name="fromDefault" checked /> start from the default mapping
              </label>
              <button type="submit">Add</button>
            </form>
            <div class="result"></div>
          </section>
        ))}
        {subs.length === 0 && (
          <p>
            Mappings belong to a subscription: <a href={`${CONSOLE_BASE}/subscriptions`}>add one first</a>.
          </p>
        )}
      </>,
    );
  });

  app.post('/mappings/:sub', (c) =>
    addFrom(
      c,
      (form) => {
        const start = checked(form, 'fromDefault') ? defaultCollection() : {};
        return deps.mappings.create(c.req.param('sub'), { ...start, name: text(form, 'name') });
      },
      (m) => `mappings/${m.subscriptionId}/${m.id}`,
    ),
  );
};
