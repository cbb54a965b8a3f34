// Connectors: the list, adding one with any auth type, and the auth fields of a type (swapped in by htmx).
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { outcome, readForm } from '../form.js';
import { Notice, page } from '../layout.js';
import { AuthFields } from './auth-form.js';
import { ConnectorFields, connectorBody } from './connector-form.js';

export const connectors: RegisterPage = (app, deps) => {
  app.get('/connectors', async (c) => {
    const list = await deps.connectors.list();
    return page(
      c,
      'Connectors',
      <>
        <table id="connectors">
          <thead>
            <tr>
              <th>Name</th>
              <th>Base URL</th>
              <th>Auth type</th>
              <th>Test path</th>
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <tr data-connector={k.name}>
                <td>
                  <a href={`${CONSOLE_BASE}/connectors/${k.name}`}>{k.name}</a>
                </td>
                <td>{k.baseUrl}</td>
                <td>{k.auth.type}</td>
                <td>{k.testPath ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>Add a connector</h2>
        <form class="card" hx-post={`${CONSOLE_BASE}/connectors`} hx-target="#add-result" id="add-connector">
          <ConnectorFields />
          <button type="submit">Save connector</button>
          <div id="add-result"></div>
        </form>
      </>,
    );
  });

  app.get('/connectors/auth-fields', async (c) => {
    const name = c.req.query('connector');
    const current = name === undefined ? undefined : (await deps.connectors.get(name)).auth;
    return c.html(<AuthFields type={c.req.query('auth.type') ?? 'none'} current={current} />);
  });

  app.post('/connectors', (c) =>
    outcome(c, async () => {
      const saved = await deps.connectors.create(connectorBody(await readForm(c)));
      c.header('hx-redirect', `${CONSOLE_BASE}/connectors/${saved.name}`);
      return <Notice ok={true}>Saved {saved.name}.</Notice>;
    }),
  );
};
