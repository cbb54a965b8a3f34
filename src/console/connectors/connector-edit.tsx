// One connector: change it (secrets stay unless replaced) and test it (credentials, then the test path).
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { outcome, readForm } from '../form.js';
import { Notice, page } from '../layout.js';
import { CardForm, Saved, TestCard } from '../parts.js';
import { ConnectorFields, connectorBody, connectorPath } from './connector-form.js';

export const connectorEdit: RegisterPage = (app, deps) => {
  app.get('/connectors/:name', async (c) => {
    const connector = await deps.connectors.get(c.req.param('name'));
    const base = `${CONSOLE_BASE}/${connectorPath(connector)}`;
    return page(
      c,
      `Connector ${connector.name}`,
      <>
        <CardForm id="edit-connector" post={base} result="save-result" submit="Save">
          <ConnectorFields connector={connector} />
        </CardForm>
        <TestCard title="Test" post={`${base}/test`} button="Test the connector">
          <p class="hint">
            Obtains credentials (a token request where the auth type has one), then calls the test path.
          </p>
        </TestCard>
      </>,
    );
  });

  app.post('/connectors/:name', (c) =>
    outcome(c, async () => {
      const current = await deps.connectors.get(c.req.param('name'));
      const saved = await deps.connectors.update(current.name, connectorBody(await readForm(c), current));
      return <Saved name={saved.name} />;
    }),
  );

  app.post('/connectors/:name/test', (c) =>
    outcome(c, async () => {
      const report = await deps.testConnector(c.req.param('name'));
      return (
        <Notice ok={report.ok}>
          <strong>{report.ok ? 'Test passed.' : `Test failed: ${report.error?.code ?? ''}`}</strong>
          {report.error !== undefined && <p>{report.error.message}</p>}
          <ol>
            {report.steps.map((s) => (
              <li>{s}</li>
            ))}
          </ol>
        </Notice>
      );
    }),
  );
};
