// Sign-in links (`ferry users link`), session cookies, and launch audiences with strict log reduction, end to end.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFerryCli } from '../support/ferry-cli.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(async () => {
  await ferry.server.close();
});

const get = (ferryUrl: string, path: string, cookie?: string) =>
  fetch(`${ferryUrl}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
/** Opens a sign-in link as a browser does: the page, then its same-origin form post. */
async function follow(ferryUrl: string, link: URL, origin = new URL(ferryUrl).origin): Promise<Response> {
  const page = await get(ferryUrl, `${link.pathname}${link.search}`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post" action="/auth/link">');
  return fetch(`${ferryUrl}/auth/link`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: link.searchParams.get('token') ?? '' }),
  });
}
const sessionOf = (res: Response) => /ferry_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

describe('sign-in links', () => {
  it('sends a user without a session to sign in, which needs a link when no provider is configured', async () => {
    const res = await get(ferry.server.url, '/connections');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/auth/signin');
    const signIn = await get(ferry.server.url, '/auth/signin');
    expect(signIn.status).toBe(401);
    expect(await signIn.text()).toContain('ferry users link');
  });

  it('signs a user in once with a link from `ferry users link`, with an HttpOnly SameSite=Lax cookie', async () => {
    const link = await runFerryCli(ferry, ['users', 'link', 'Ada@Example.test']);
    expect(link.code).toBe(0);
    const url = new URL(link.out.trim());
    expect(url.pathname).toBe('/auth/link');
    const res = await follow(ferry.server.url, url);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/connections');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const page = await get(ferry.server.url, '/connections', `ferry_session=${sessionOf(res)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('Signed in as <strong>ada@example.test</strong>');

    const again = await follow(ferry.server.url, url);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('ERR_USER_SIGN_IN_LINK_INVALID');
    const files = readdirSync(ferry.dataDir).filter((f) => f.startsWith('ferry.db'));
    const token = url.searchParams.get('token')!;
    const session = sessionOf(res)!;
    for (const f of files)
      expect(readFileSync(join(ferry.dataDir, f)).toString('latin1')).not.toContain(token);
    for (const f of files)
      expect(readFileSync(join(ferry.dataDir, f)).toString('latin1')).not.toContain(session);
    expect(ferry.logs.join('\n')).not.toContain(token);
  });

  it('refuses to spend a link from a form posted by another site', async () => {
    const link = new URL((await runFerryCli(ferry, ['users', 'link', 'eve@example.test'])).out.trim());
    const forged = await follow(ferry.server.url, link, 'https://evil.example');
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('ERR_USER_ORIGIN_REJECTED');
    expect((await follow(ferry.server.url, link)).status).toBe(303);
  });

  it('escapes connector texts on the connections page', async () => {
    const created = await ferry.api('POST', '/connectors', {
      name: 'crm-xss',
      baseUrl: 'https://crm.example.test',
      auth: {
        type: 'oauth2_authorization_code',
        clientId: 'app',
        clientSecret: 'app-secret-value-9',
        oauth2TokenUrl: 'https://crm.example.test/token',
        authorizationUrl: 'https://crm.example.test/authorize',
        displayName: '<img src=x onerror=alert(1)>',
        displayDescription: '"><script>alert(2)</script>',
      },
    });
    expect(created.status).toBe(201);
    const link = new URL((await runFerryCli(ferry, ['users', 'link', 'mallory@example.test'])).out.trim());
    const page = await get(
      ferry.server.url,
      '/connections',
      `ferry_session=${sessionOf(await follow(ferry.server.url, link))}`,
    );
    const html = await page.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(await ferry.api('DELETE', '/connectors/crm-xss')).toHaveProperty('status', 204);
  });

  it('refuses an unknown link and a malformed email', async () => {
    const res = await follow(
      ferry.server.url,
      new URL(`${ferry.server.url}/auth/link?token=not-a-real-link-token`),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This sign-in link does not work');
    const bad = await runFerryCli(ferry, ['users', 'link', 'not-an-email']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('ERR_REQUEST_VALIDATION');
  });

  it('marks cookies Secure behind an https public URL, and refuses links when a provider signs users in', async () => {
    const https = await startTestFerry({ FERRY_PUBLIC_URL: 'https://ferry.example.test/' });
    const oidc = await startTestFerry({
      FERRY_OIDC_ISSUER: 'https://login.example.test',
      FERRY_OIDC_CLIENT_ID: 'ferry',
      FERRY_OIDC_CLIENT_SECRET: 'oidc-client-secret-1',
    });
    try {
      const link = await runFerryCli(https, ['users', 'link', 'ada@example.test']);
      const url = new URL(link.out.trim());
      expect(url.origin).toBe('https://ferry.example.test');
      const res = await follow(https.server.url, url, url.origin);
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
      const refused = await runFerryCli(oidc, ['users', 'link', 'ada@example.test']);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('ERR_USER_SIGN_IN_LINKS_DISABLED');
    } finally {
      await https.server.close();
      await oidc.server.close();
    }
  });
});

describe('launch audiences', () => {
  const runLines = () =>
    ferry.logs
      .filter((l) => l.includes('"msg":"action run"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('turns on strict log reduction above 10 users and lifts it for new runs when narrowed', async () => {
    await ferry.api('POST', '/connectors', {
      name: 'self',
      baseUrl: ferry.server.url,
      auth: { type: 'none' },
    });
    const created = await ferry.api('POST', '/actions', {
      name: 'health',
      connector: 'self',
      method: 'GET',
      endpoint: '/{{page}}',
      query: { probe: '{{marker}}' },
    });
    expect(created.status).toBe(201);
    const users = Array.from({ length: 11 }, (_, i) => `user${i}@example.test`);
    const wide = await runFerryCli(ferry, ['actions', 'launch', 'health', '--to', users.join(',')]);
    expect(wide.out).toContain('11 user(s)');
    expect(wide.out).toContain('strict log reduction: on');
    const inputs = { page: 'healthz', marker: 'Probe-Marker-88' };
    expect((await ferry.api('POST', '/actions/health/run', { inputs })).status).toBe(200);
    expect(runLines().at(-1)).toMatchObject({
      method: 'GET',
      pathTemplate: '/{{page}}',
      status: 200,
      strictLogReduction: true,
    });
    expect(runLines().at(-1)).not.toHaveProperty('url');

    const narrow = await runFerryCli(ferry, [
      'actions',
      'launch',
      'health',
      '--to',
      users.slice(0, 10).join(','),
    ]);
    expect(narrow.out).toContain('strict log reduction: off');
    await ferry.api('POST', '/actions/health/run', { inputs });
    expect(runLines().at(-1)).toMatchObject({ url: `${ferry.server.url}/healthz`, status: 200 });
    expect(ferry.logs.join('\n')).not.toContain('Probe-Marker-88');

    const shown = await (await ferry.api('GET', '/actions/health/launch')).json();
    expect(shown).toEqual({ users: users.slice(0, 10).sort(), strictLogReduction: false });
    const bad = await ferry.api('PUT', '/actions/health/launch', { users: ['nope'] });
    expect(bad.status).toBe(400);
    expect((await ferry.api('PUT', '/actions/missing/launch', { users: [] })).status).toBe(404);
  });
});
