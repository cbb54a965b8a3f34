// One connector: change it (secrets stay unless replaced) and test it (credentials, then the test path).
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { outcome, readForm } from '../form.js';
import { Notice, page } from '../layout.js';
import { ConnectorFields, connectorBody } from './connector-form.js';

export const connectorEdit: RegisterPage = (app, deps) => {
  app.get('/connectors/:name', async (c) => {
    const connector = await deps.connectors.get(c.req.param('name'));
    const base = `${CONSOLE_BASE}/connectors/${connector.name}`;
    return page(
      c,
      `Connector ${connector.name}`,
      <>
        <form class="card" hx-post={base} hx-target="#save-result" id="edit-connector">
          <ConnectorFields connector={connector} />
          <button type="submit">Save</button>
          <div id="save-result"></div>
        </form>
        <section class="card">
          <h2>Test</h2>
          <p class="hint">
            Obtains credentials (a token request where the auth type has one), then calls the test path.
          </p>
          <button hx-post={`${base}/test`} hx-target="#test-result">
            Test the connector
          </button>
          <div id="test-result"></div>
        </section>
      </>,
    );
  });

  app.post('/connectors/:name', (c) =>
    outcome(c, async () => {
      const current = await deps.connectors.get(c.req.param('name'));
      const saved = await deps.connectors.update(current.name, connectorBody(await readForm(c), current));
      return <Notice ok={true}>Saved {saved.name}.</Notice>;
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
