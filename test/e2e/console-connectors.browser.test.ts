// Connectors and actions in Chromium against Ferry and an echo server: every auth type's form, a bearer
// connector created, edited (its secret kept) and tested, an action run with inputs; secrets in no page; CSRF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TYPES } from '../../src/core/connectors/auth-config.js';
import { authFields, CERTIFICATE_PARTS } from '../../src/console/connectors/auth-fields.js';
import { NAV } from '../../src/console/layout.js';
import { expectCsrfRejected, startConsoleRig, type ConsoleRig } from '../support/console-rig.js';
import { startEchoServer, type EchoServer } from '../support/echo-server.js';

/** Distinctive, so finding it anywhere in a page can only mean it leaked. */
const SECRET = 'console-bearer-secret-7f3a9c1e';

let cr: ConsoleRig;
let echo: EchoServer;
beforeAll(async () => {
  cr = await startConsoleRig();
  echo = await startEchoServer();
});
afterAll(async () => {
  await echo?.close();
  await cr?.close();
});

const field = (form: string, name: string) => cr.page.locator(`${form} [name="${name}"]`);

describe('/console/connectors and /console/actions', () => {
  it('shows the fields of every auth type the API accepts when the type is chosen', async () => {
    await cr.open('/connectors');
    const select = field('#add-connector', 'auth.type');
    expect(await select.locator('option').allInnerTexts()).toEqual([...AUTH_TYPES]);
    for (const type of AUTH_TYPES) {
      await select.selectOption(type);
      const expected = authFields(type).flatMap((f) =>
        f.kind === 'certificate' ? CERTIFICATE_PARTS.map((p) => `auth.${f.key}.${p}`) : [`auth.${f.key}`],
      );
      await expect
        .poll(() =>
          cr.page
            .locator('#auth-fields [name]')
            .evaluateAll((els: { getAttribute(n: string): string | null }[]) =>
              els.map((e) => e.getAttribute('name')),
            ),
        )
        .toEqual(expected);
      // Secrets are password fields (or empty text areas): nothing typed is shown back.
      for (const f of authFields(type).filter((x) => x.secret && x.kind === 'text'))
        expect(await field('#auth-fields', `auth.${f.key}`).getAttribute('type')).toBe('password');
    }
  });

  it('creates a bearer connector; its secret is stored but never shown', async () => {
    await cr.open('/connectors');
    const f = '#add-connector';
    await field(f, 'name').fill('echo-api');
    await field(f, 'baseUrl').fill(echo.url);
    await field(f, 'testPath').fill('/me');
    await field(f, 'auth.type').selectOption('bearer');
    await expect.poll(() => field(f, 'auth.apiKey').count()).toBe(1);
    await field(f, 'auth.apiKey').fill(SECRET);
    await cr.page.getByRole('button', { name: 'Save connector' }).click();
    await cr.page.waitForURL(cr.url('/connectors/echo-api'));
    const saved = (await (await cr.rig.ferry.api('GET', '/connectors/echo-api')).json()) as Record<
      string,
      unknown
    >;
    expect(saved).toMatchObject({
      baseUrl: echo.url,
      testPath: '/me',
      auth: { type: 'bearer', apiKey: { set: true } },
    });
    expect(await field('#edit-connector', 'auth.apiKey').inputValue()).toBe('');
    expect(await cr.page.locator('#edit-connector').innerText()).toContain('set');
    expect(await field('#edit-connector', 'auth.prefix').inputValue()).toBe('Bearer');
  });

  it('edits it leaving the secret empty (kept), and tests it: credentials, then the test path', async () => {
    await field('#edit-connector', 'auth.prefix').fill('Token');
    await field('#edit-connector', 'description').fill('The echo server');
    await cr.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => cr.page.locator('#save-result').innerText()).toContain('Saved echo-api');
    await cr.page.getByRole('button', { name: 'Test the connector' }).click();
    const result = cr.page.locator('#test-result');
    await expect.poll(() => result.innerText()).toContain('Test passed');
    expect(await result.innerText()).toContain('/me → 200');
    const seen = echo.requests.filter((r) => r.path === '/me').at(-1);
    expect(seen?.headers.authorization).toBe(`Token ${SECRET}`);
    expect(await result.innerText()).not.toContain(SECRET);
  });

  it('reports a failing test with its code', async () => {
    echo.respond = (req, res) => {
      if (req.path !== '/me') return false;
      res.writeHead(401).end();
      return true;
    };
    await cr.page.getByRole('button', { name: 'Test the connector' }).click();
    await expect
      .poll(() => cr.page.locator('#test-result').innerText())
      .toContain('ERR_CONNECTOR_TEST_FAILED');
    echo.respond = () => false;
  });

  it('creates an action and runs it with inputs, showing the answer with the secret masked', async () => {
    await cr.open('/actions');
    const f = '#add-action';
    await field(f, 'name').fill('echo-ticket');
    await field(f, 'connector').selectOption('echo-api');
    await field(f, 'method').selectOption('POST');
    await field(f, 'endpoint').fill('/tickets/{{id}}');
    await field(f, 'body').fill('{"title": "{{title}}"}');
    await cr.page.getByRole('button', { name: 'Save action' }).click();
    await cr.page.waitForURL(cr.url('/actions/echo-ticket'));
    const inputs = field('#run-action', 'inputs');
    expect(JSON.parse(await inputs.inputValue())).toEqual({ id: '', title: '' });
    await inputs.fill('{"id": "42", "title": "VPN down"}');
    await cr.page.getByRole('button', { name: 'Run the action' }).click();
    const result = cr.page.locator('#run-result');
    await expect.poll(() => result.innerText()).toContain('HTTP 200');
    const body = await result.locator('.run-body').innerText();
    // The echo server answers with what it received, the Authorization header included: masked on the page.
    expect(body).toContain('/tickets/42');
    expect(body).toContain('VPN down');
    expect(body).toContain('[REDACTED]');
    expect(body).not.toContain(SECRET);
    expect(echo.requests.at(-1)).toMatchObject({ method: 'POST', path: '/tickets/42' });
    await cr.open('/actions');
    expect(await cr.page.locator('tr[data-action="echo-ticket"]').innerText()).toContain(
      'POST /tickets/{{id}}',
    );
  });

  it('shows a missing input as the problem it is', async () => {
    await cr.open('/actions/echo-ticket');
    await field('#run-action', 'inputs').fill('{"id": "42"}');
    await cr.page.getByRole('button', { name: 'Run the action' }).click();
    await expect.poll(() => cr.page.locator('#run-result').innerText()).toContain('title');
  });

  it('refuses a change to connectors and actions without the CSRF token', async () => {
    const posts = [
      '/connectors',
      '/connectors/echo-api',
      '/connectors/echo-api/test',
      '/actions',
      '/actions/echo-ticket',
      '/actions/echo-ticket/run',
    ];
    const before = echo.requests.length;
    for (const path of posts) {
      await expectCsrfRejected(
        cr,
        path,
        'name=evil&baseUrl=http%3A%2F%2F127.0.0.1%3A1&auth.type=none&description=changed',
      );
    }
    expect(echo.requests.length).toBe(before);
    const list = (await (await cr.rig.ferry.api('GET', '/connectors')).json()) as {
      items: { name: string; description: string }[];
    };
    expect(list.items.map((c) => [c.name, c.description])).toEqual([['echo-api', 'The echo server']]);
  });

  it('never puts the secret in any console page', async () => {
    const pages = [
      ...NAV.map(([p]) => p),
      '/connectors/echo-api',
      '/actions/echo-ticket',
      '/connectors/auth-fields?auth.type=bearer&connector=echo-api',
    ];
    for (const path of pages) {
      const res = await fetch(cr.url(path), { headers: { cookie: await cr.cookie() } });
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).not.toContain(SECRET);
    }
    expect(cr.bodies.length).toBeGreaterThan(10);
    for (const body of cr.bodies) expect(body).not.toContain(SECRET);
  });
});
