// The console's shell in Chromium: sign-in with an admin token, the session cookie, CSRF on changes, sign-out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleRig, type ConsoleRig } from '../support/console-rig.js';

let cr: ConsoleRig;
beforeAll(async () => {
  cr = await startConsoleRig();
});
afterAll(async () => {
  await cr?.close();
});

const cookieHeader = async () => (await cr.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

describe('/console sign-in and session', () => {
  it('sends a visitor without a session to the sign-in page', async () => {
    const res = await fetch(cr.url('/monitoring'), { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/sign-in');
  });

  it('opens a session behind an HttpOnly, SameSite=Strict cookie scoped to /console', async () => {
    const session = (await cr.context.cookies()).find((c) => c.name === 'ferry_console');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/console' });
    // Opaque: the cookie is not the admin token, nor derived from it in a way the page could read.
    expect(session!.value).not.toContain(cr.rig.ferry.token);
    expect(session!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a wrong token with the sign-in page and no session', async () => {
    const other = await cr.browser.newContext();
    const page = await other.newPage();
    await page.goto(cr.url('/sign-in'));
    await page.locator('input[name=token]').fill('fry_000000000000_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.notice').innerText()).toContain('unknown or revoked');
    expect((await other.cookies()).some((c) => c.name === 'ferry_console')).toBe(false);
    await other.close();
  });

  it('refuses a change without the CSRF token with 403 problem+json', async () => {
    const res = await fetch(cr.url('/sign-out'), {
      method: 'POST',
      headers: { cookie: await cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'ERR_CONSOLE_CSRF_REJECTED', status: 403 });
    const wrong = await fetch(cr.url('/sign-out'), {
      method: 'POST',
      headers: { cookie: await cookieHeader(), 'x-csrf-token': 'x'.repeat(43) },
      redirect: 'manual',
    });
    expect(wrong.status).toBe(403);
    // The session survived both: the page still loads.
    await cr.open('/monitoring');
    expect(await cr.page.locator('h1').innerText()).toBe('Integration Monitoring');
  });

  it('refuses a change without a session with 401 problem+json', async () => {
    const res = await fetch(cr.url('/sign-out'), { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'ERR_CONSOLE_SIGN_IN_REQUIRED' });
  });

  it('serves htmx and uPlot from Ferry itself, under a CSP that allows only its own origin', async () => {
    const res = await fetch(cr.url('/monitoring'), { headers: { cookie: await cookieHeader() } });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('src="/console/assets/htmx.min.js"');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    for (const name of ['htmx.min.js', 'uPlot.iife.min.js', 'uPlot.min.css', 'console.css', 'monitoring.js'])
      expect((await fetch(cr.url(`/assets/${name}`))).status, name).toBe(200);
  });

  it('signs out: the session ends and the console asks to sign in again', async () => {
    await cr.open('/monitoring');
    await cr.page.getByRole('button', { name: 'Sign out' }).click();
    await cr.page.waitForURL(cr.url('/sign-in'));
    await cr.open('/monitoring');
    expect(cr.page.url()).toBe(cr.url('/sign-in'));
  });

  it('ends every session of an admin token that is revoked', async () => {
    const created = (await (await cr.rig.ferry.api('POST', '/tokens', { name: 'short' })).json()) as {
      id: string;
      token: string;
    };
    await cr.open('/sign-in');
    await cr.page.locator('input[name=token]').fill(created.token);
    await cr.page.getByRole('button', { name: 'Sign in' }).click();
    await cr.page.waitForURL(cr.url('/monitoring'));
    expect((await cr.rig.ferry.api('DELETE', `/tokens/${created.id}`)).status).toBe(204);
    await cr.open('/subscriptions');
    expect(cr.page.url()).toBe(cr.url('/sign-in'));
  });
});
