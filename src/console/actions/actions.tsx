// HTTP actions: the list and adding one through a connector.
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { outcome, readForm } from '../form.js';
import { Notice, page } from '../layout.js';
import { ActionFields, actionBody } from './action-form.js';

export const actions: RegisterPage = (app, deps) => {
  app.get('/actions', async (c) => {
    const [list, connectors] = await Promise.all([deps.actions.list(), deps.connectors.list()]);
    return page(
      c,
      'Actions',
      <>
        <table id="actions">
          <thead>
            <tr>
              <th>Name</th>
              <th>Connector</th>
              <th>Request</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a) => (
              <tr data-action={a.name}>
                <td>
                  <a href={`${CONSOLE_BASE}/actions/${a.name}`}>{a.name}</a>
                </td>
                <td>{a.connector}</td>
                <td>{`${a.method} ${a.endpoint}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Add an action</h2>
        {connectors.length === 0 ? (
          <p>
            An action runs through a connector: <a href={`${CONSOLE_BASE}/connectors`}>add one first</a>.
          </p>
        ) : (
          <form class="card" hx-post={`${CONSOLE_BASE}/actions`} hx-target="#add-result" id="add-action">
            <ActionFields connectors={connectors} />
            <button type="submit">Save action</button>
            <div id="add-result"></div>
          </form>
        )}
      </>,
    );
  });

  app.post('/actions', (c) =>
    outcome(c, async () => {
      const saved = await deps.actions.create(actionBody(await readForm(c), true));
      c.header('hx-redirect', `${CONSOLE_BASE}/actions/${saved.name}`);
      return <Notice ok={true}>Saved {saved.name}.</Notice>;
    }),
  );
};
