// HTTP actions: the list and adding one through a connector.
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { page } from '../layout.js';
import { AddForm, NameCell, Table, addFrom } from '../parts.js';
import { ActionFields, actionBody, actionPath } from './action-form.js';

export const actions: RegisterPage = (app, deps) => {
  app.get('/actions', async (c) => {
    const [list, connectors] = await Promise.all([deps.actions.list(), deps.connectors.list()]);
    return page(
      c,
      'Actions',
      <>
        <Table id="actions" head={['Name', 'Connector', 'Request']}>
          {list.map((a) => (
            <tr data-action={a.name}>
              <NameCell path={actionPath(a)} name={a.name} />
              <td>{a.connector}</td>
              <td>{`${a.method} ${a.endpoint}`}</td>
            </tr>
          ))}
        </Table>
        {connectors.length === 0 ? (
          <>
            <h2>Add an action</h2>
            <p>
              An action runs through a connector: <a href={`${CONSOLE_BASE}/connectors`}>add one first</a>.
            </p>
          </>
        ) : (
          <AddForm path="actions" what="an action" submit="Save action">
            <ActionFields connectors={connectors} />
          </AddForm>
        )}
      </>,
    );
  });

  app.post('/actions', (c) => addFrom(c, (form) => deps.actions.create(actionBody(form, true)), actionPath));
};
