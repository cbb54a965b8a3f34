// Ferry, the Moveworks simulator and a Chromium page signed in to the console, for the console's browser tests.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { StartSimulatorOptions } from '../../src/sim/index.js';
import { launchBrowser } from './browser.js';
import { startDeliveryRig, type DeliveryRig } from './delivery-rig.js';

export interface ConsoleRig {
  readonly rig: DeliveryRig;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every HTML and JSON body the browser received from Ferry, for the secret-leak checks. */
  readonly bodies: string[];
  /** Opens a console path (`/monitoring`) and waits for it to load. */
  open(path: string): Promise<void>;
  url(path: string): string;
  /** The browser's cookies (the console session among them) as a Cookie header, for requests made outside it. */
  cookie(): Promise<string>;
  close(): Promise<void>;
}

export async function startConsoleRig(
  simOptions: StartSimulatorOptions = {},
  env: Record<string, string> = {},
): Promise<ConsoleRig> {
  const rig = await startDeliveryRig(simOptions, { FERRY_MONITOR_INTERVAL_MS: '200', ...env });
  const browser = await launchBrowser();
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: string[] = [];
  page.on('response', (res) => {
    const type = res.headers()['content-type'] ?? '';
    if (!/html|json/.test(type)) return;
    void res
      .text()
      .then((t) => bodies.push(t))
      .catch(() => undefined);
  });
  const url = (path: string) => `${rig.ferry.server.url}/console${path}`;
  const cr: ConsoleRig = {
    rig,
    browser,
    context,
    page,
    bodies,
    url,
    cookie: async () => (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '),
    async open(path) {
      await page.goto(url(path));
      await page.waitForLoadState('domcontentloaded');
    },
    async close() {
      await browser.close();
      await rig.close();
    },
  };
  await signIn(cr, rig.ferry.token);
  return cr;
}

/** Signs in through the sign-in form and checks the page that follows is Integration Monitoring. */
export async function signIn(cr: ConsoleRig, token: string): Promise<void> {
  await cr.open('/sign-in');
  await cr.page.locator('input[name=token]').fill(token);
  await cr.page.getByRole('button', { name: 'Sign in' }).click();
  await cr.page.waitForURL(cr.url('/monitoring'));
  expect(await cr.page.locator('h1').innerText()).toBe('Integration Monitoring');
}

/** POSTs `form` to a console path with the session cookie but no CSRF token, outside the browser: refused. */
export async function expectCsrfRejected(cr: ConsoleRig, path: string, form: string): Promise<void> {
  const res = await fetch(cr.url(path), {
    method: 'POST',
    headers: { cookie: await cr.cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  expect(res.status, path).toBe(403);
  expect(await res.json()).toMatchObject({ code: 'ERR_CONSOLE_CSRF_REJECTED' });
}
