// Connectors: the list, adding one with any auth type, and the auth fields of a type (swapped in by htmx).
import type { RegisterPage } from '../deps.js';
import { page } from '../layout.js';
import { AddForm, NameCell, Table, addFrom } from '../parts.js';
import { AuthFields } from './auth-form.js';
import { ConnectorFields, connectorBody, connectorPath } from './connector-form.js';

export const connectors: RegisterPage = (app, deps) => {
  app.get('/connectors', async (c) => {
    const list = await deps.connectors.list();
    return page(
      c,
      'Connectors',
      <>
        <Table id="connectors" head={['Name', 'Base URL', 'Auth type', 'Test path']}>
          {list.map((k) => (
            <tr data-connector={k.name}>
              <NameCell path={connectorPath(k)} name={k.name} />
              <td>{k.baseUrl}</td>
              <td>{k.auth.type}</td>
              <td>{k.testPath ?? ''}</td>
            </tr>
          ))}
        </Table>
        <AddForm path="connectors" what="a connector" submit="Save connector">
          <ConnectorFields />
        </AddForm>
      </>,
    );
  });

  app.get('/connectors/auth-fields', async (c) => {
    const name = c.req.query('connector');
    const current = name === undefined ? undefined : (await deps.connectors.get(name)).auth;
    return c.html(<AuthFields type={c.req.query('auth.type') ?? 'none'} current={current} />);
  });

  app.post('/connectors', (c) =>
    addFrom(c, (form) => deps.connectors.create(connectorBody(form)), connectorPath),
  );
};
