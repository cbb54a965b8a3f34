// Drives Ferry's end-user pages and the test provider's login and consent screens in a real browser.
import type { BrowserContext, Page } from 'playwright-core';

export interface Visit {
  readonly page: Page;
  /** Every URL the browser requested that carried a code or state (callbacks and authorization requests). */
  readonly urls: string[];
}

export async function openPage(context: BrowserContext): Promise<Visit> {
  const page = await context.newPage();
  const urls: string[] = [];
  page.on('request', (req) => {
    const url = req.url();
    if (/[?&](code|state|token)=/.test(url)) urls.push(url);
  });
  return { page, urls };
}

/** Logs in at the provider's dev login form (any password) and continues through its consent screen. */
export async function providerLogin(page: Page, login: string): Promise<void> {
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any-password');
  await page.locator('button[type=submit]').click();
  await page.waitForLoadState();
}

export async function providerContinue(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForLoadState();
}

/** Clicks a button in the connector's entry on /connections. */
export async function clickFor(page: Page, connector: string, label: string): Promise<void> {
  await page.locator(`li[data-connector="${connector}"]`).getByRole('button', { name: label }).click();
  await page.waitForLoadState();
}

/** The `state` of the last authorization request sent to `issuer`. */
export function lastState(visit: Visit, issuer: string): string {
  const url = visit.urls.filter((u) => u.startsWith(`${issuer}/auth?`)).at(-1);
  const state = url === undefined ? null : new URL(url).searchParams.get('state');
  if (!state) throw new Error('no authorization request seen');
  return state;
}

/** The last connector callback the browser followed. */
export function lastCallback(visit: Visit): URL {
  const url = visit.urls.filter((u) => u.includes('/auth/oauthCallback?')).at(-1);
  if (url === undefined) throw new Error('no callback seen');
  return new URL(url);
}
