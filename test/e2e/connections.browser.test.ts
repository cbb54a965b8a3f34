// The whole per-user consent flow in Chromium against a real oidc-provider: sign in, connect, run, revoke, reconnect.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { launchBrowser } from '../support/browser.js';
import {
  CONNECTOR_CLIENT,
  SIGN_IN_CLIENT,
  freePort,
  startConsentServer,
  type ConsentServer,
} from '../support/consent-server.js';
import {
  clickFor,
  lastCallback,
  lastState,
  openPage,
  providerContinue,
  providerLogin,
  type Visit,
} from '../support/end-user-browser.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';
import { findLeaks } from '../support/secret-leaks.js';

const ADA = 'ada@example.test';
const INSTRUCTIONS = 'https://crm.example/settings/connected-apps';
const clock = new ManualClock(Date.now());
let idp: ConsentServer;
let ferry: TestFerry;
let browser: Browser;
let context: BrowserContext;
let ada: Visit;
const visits: Visit[] = [];
/** Every cookie value Ferry set in the browsers, for the leak check. */
const cookieValues: string[] = [];
const keepCookies = async (ctx: BrowserContext) =>
  cookieValues.push(...(await ctx.cookies()).map((c) => c.value));

const run = async (user = ADA) => {
  const res = await ferry.api('POST', '/actions/crm-me/run', { user });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};
const text = () => ada.page.locator('main').innerText();

beforeAll(async () => {
  const port = await freePort();
  idp = await startConsentServer(`http://127.0.0.1:${port}`);
  ferry = await startTestFerry(
    {
      FERRY_PORT: String(port),
      FERRY_OIDC_ISSUER: idp.issuer,
      FERRY_OIDC_CLIENT_ID: SIGN_IN_CLIENT.id,
      FERRY_OIDC_CLIENT_SECRET: SIGN_IN_CLIENT.secret,
    },
    undefined,
    undefined,
    { clock },
  );
  const connector = await ferry.api('POST', '/connectors', {
    name: 'crm',
    baseUrl: idp.apiUrl,
    auth: {
      type: 'oauth2_authorization_code',
      clientId: CONNECTOR_CLIENT.id,
      clientSecret: CONNECTOR_CLIENT.secret,
      oauth2TokenUrl: `${idp.issuer}/token`,
      authorizationUrl: `${idp.issuer}/auth`,
      scope: 'offline_access api:read',
      revokeUrl: `${idp.issuer}/token/revocation`,
      instructionsUrl: INSTRUCTIONS,
      authorizationRequestQueryParameters: { prompt: 'consent' },
      displayName: 'Acme CRM',
      displayDescription: 'Reads your CRM records on your behalf.',
    },
  });
  expect(connector.status).toBe(201);
  expect(
    (
      await ferry.api('POST', '/actions', {
        name: 'crm-me',
        connector: 'crm',
        method: 'GET',
        endpoint: '/me',
      })
    ).status,
  ).toBe(201);
  browser = await launchBrowser();
  context = await browser.newContext();
  ada = await openPage(context);
  visits.push(ada);
});

afterAll(async () => {
  await browser?.close();
  await ferry?.server.close();
  await idp?.close();
});

describe('end users and authorization-code connectors', () => {
  it('signs the user in through the organisation provider before showing anything', async () => {
    await ada.page.goto(`${ferry.server.url}/connections`);
    expect(ada.page.url()).toContain(`${idp.issuer}/interaction/`);
    await providerLogin(ada.page, ADA);
    await providerContinue(ada.page);
    expect(ada.page.url()).toBe(`${ferry.server.url}/connections`);
    expect(await ada.page.locator('header').innerText()).toContain(`Signed in as ${ADA}`);
    expect(await text()).toMatch(/Acme CRM\s+Reads your CRM records on your behalf\.\s+Not connected/);
    await keepCookies(context);
    const session = (await context.cookies()).find((c) => c.name === 'ferry_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  });

  it('answers a run for a user who has not consented with 409 and the connections link', async () => {
    const { status, json } = await run();
    expect(status).toBe(409);
    expect(json).toMatchObject({
      code: 'ERR_CONSENT_REQUIRED',
      connectionsUrl: `${ferry.server.url}/connections`,
    });
  });

  it('says what happened when the user declines at the provider', async () => {
    await clickFor(ada.page, 'crm', 'Connect');
    const uid = /\/interaction\/([^/?]+)/.exec(ada.page.url())?.[1];
    const denied = await ada.page.goto(`${idp.issuer}/interaction/${uid}/deny`);
    expect(ada.page.url()).toContain('/auth/oauthCallback?error=access_denied');
    expect(denied?.status()).toBe(403);
    expect(await text()).toContain('Access was not granted');
    expect(await text()).toContain('access_denied');
    expect(await text()).toContain('ERR_OAUTH_CONSENT_DENIED');
  });

  it('connects: consent, code exchanged with the PKCE verifier, tokens stored for the user', async () => {
    await ada.page.goto(`${ferry.server.url}/connections`);
    await clickFor(ada.page, 'crm', 'Connect');
    const authorize = new URL(ada.urls.filter((u) => u.startsWith(`${idp.issuer}/auth?`)).at(-1)!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('prompt')).toBe('consent');
    await providerContinue(ada.page);
    expect(ada.page.url()).toBe(`${ferry.server.url}/connections?connected=crm`);
    expect(await text()).toMatch(/Connected crm[\s\S]*Acme CRM[\s\S]*Connected/);
    expect(idp.tokenRequests).toContainEqual({ grantType: 'authorization_code', status: 200 });
  });

  it('runs the action with that user’s token', async () => {
    expect(await run()).toMatchObject({ status: 200, json: { body: { account: ADA } } });
    expect((await run('someone@example.test')).json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED' });
  });

  it('refuses a replayed callback, a forged state and another user’s state', async () => {
    const used = lastCallback(ada);
    await ada.page.goto(used.href);
    expect(await text()).toContain('ERR_OAUTH_STATE_USED');
    await ada.page.goto(`${ferry.server.url}/auth/oauthCallback?code=forged-code&state=forged-state-value`);
    expect(await text()).toContain('ERR_OAUTH_STATE_INVALID');

    const bobContext = await browser.newContext();
    const bob = await openPage(bobContext);
    visits.push(bob);
    await bob.page.goto(`${ferry.server.url}/connections`);
    await providerLogin(bob.page, 'bob@example.test');
    await providerContinue(bob.page);
    await clickFor(bob.page, 'crm', 'Connect');
    const bobState = lastState(bob, idp.issuer);
    await ada.page.goto(`${ferry.server.url}/auth/oauthCallback?code=x&state=${bobState}`);
    expect(await text()).toContain('ERR_OAUTH_STATE_INVALID');
    await keepCookies(bobContext);
    await bobContext.close();
  });

  it('refuses a state older than 10 minutes', async () => {
    await ada.page.goto(`${ferry.server.url}/connections`);
    await clickFor(ada.page, 'crm', 'Reconnect');
    const state = lastState(ada, idp.issuer);
    clock.advance(10 * 60_000 + 1);
    await ada.page.goto(`${ferry.server.url}/auth/oauthCallback?code=late&state=${state}`);
    expect(await text()).toContain('ERR_OAUTH_STATE_EXPIRED');
    expect(await text()).toContain('click Connect (or Reconnect) to start again');
  });

  it('explains a code that was already used', async () => {
    const spent = lastCallback(ada).searchParams.get('code');
    await ada.page.goto(`${ferry.server.url}/connections`);
    await clickFor(ada.page, 'crm', 'Reconnect');
    const state = lastState(ada, idp.issuer);
    await ada.page.goto(`${ferry.server.url}/auth/oauthCallback?code=${spent}&state=${state}`);
    expect(await text()).toContain('The authorization code was refused');
    expect(await text()).toContain('ERR_OAUTH_INVALID_GRANT');
    expect((await run()).status).toBe(200);
  });

  it('refreshes with the refresh token when the API refuses the access token, keeping the rotated one', async () => {
    const before = idp.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;
    idp.rejectOnce(idp.apiTokens.at(-1)!);
    expect(await run()).toMatchObject({ status: 200, json: { body: { account: ADA } } });
    idp.rejectOnce(idp.apiTokens.at(-1)!);
    expect((await run()).status).toBe(200);
    // The second refresh spent the refresh token the first one rotated in: a lost rotation would be invalid_grant.
    expect(idp.tokenRequests.filter((r) => r.grantType === 'refresh_token' && r.status === 200)).toHaveLength(
      before + 2,
    );
  });

  it('revokes at the provider (RFC 7009) and forgets the user’s tokens', async () => {
    const token = idp.apiTokens.at(-1)!;
    expect(await idp.isActive(token)).toBe(true);
    await ada.page.goto(`${ferry.server.url}/connections`);
    await clickFor(ada.page, 'crm', 'Revoke');
    expect(ada.page.url()).toBe(`${ferry.server.url}/connections?revoked=crm`);
    expect(await text()).toContain('Not connected');
    expect(idp.revocations.map((r) => r.status)).toEqual([200, 200]);
    expect(idp.revocations[0]!.fields.sort()).toEqual(['token', 'token_type_hint']);
    expect(await idp.isActive(token)).toBe(false);
    expect((await run()).json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED' });
  });

  it('reconnects after a revocation', async () => {
    await clickFor(ada.page, 'crm', 'Connect');
    await providerContinue(ada.page);
    expect(await text()).toContain('Connected crm');
    expect(await run()).toMatchObject({ status: 200, json: { body: { account: ADA } } });
  });

  it('keeps users’ tokens when only the consent screen texts or the client secret change', async () => {
    const patch = await ferry.api('PATCH', '/connectors/crm', {
      auth: { displayName: 'Acme CRM (EU)', clientSecret: CONNECTOR_CLIENT.secret },
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({
      auth: { clientSecret: { set: true }, displayName: 'Acme CRM (EU)' },
    });
    expect((await run()).status).toBe(200);
    await ada.page.goto(`${ferry.server.url}/connections`);
    expect(await text()).toMatch(/Acme CRM \(EU\)[\s\S]*Connected/);
  });

  it('asks the user to reconnect when the provider refuses the refresh token (invalid_grant)', async () => {
    const token = idp.apiTokens.at(-1)!;
    const grantId = (await idp.provider.AccessToken.find(token))?.grantId;
    await (await idp.provider.Grant.find(grantId!))?.destroy();
    idp.rejectOnce(token);
    const { status, json } = await run();
    expect(status).toBe(409);
    expect(json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED', reconnect: true });
    await ada.page.goto(`${ferry.server.url}/connections`);
    expect(await text()).toContain('Needs your consent again');
    await clickFor(ada.page, 'crm', 'Reconnect');
    await providerContinue(ada.page);
    expect((await run()).status).toBe(200);
  });

  it('deletes the tokens and shows the instructions URL when revocation fails', async () => {
    idp.failRevocation = true;
    await clickFor(ada.page, 'crm', 'Revoke');
    expect(await text()).toContain('did not confirm the revocation');
    expect(await ada.page.getByRole('link', { name: INSTRUCTIONS }).getAttribute('href')).toBe(INSTRUCTIONS);
    expect(await text()).toContain('ERR_OAUTH_REVOKE_FAILED');
    expect((await run()).json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED' });
    idp.failRevocation = false;
  });

  it('refuses a sign-out posted from another origin, and signs out from the page', async () => {
    await keepCookies(context);
    const cookie = (await context.cookies()).find((c) => c.name === 'ferry_session')!;
    const forged = await fetch(`${ferry.server.url}/auth/signout`, {
      method: 'POST',
      headers: { cookie: `ferry_session=${cookie.value}`, origin: 'http://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('ERR_USER_ORIGIN_REJECTED');
    await ada.page.goto(`${ferry.server.url}/connections`);
    await ada.page.getByRole('button', { name: 'Sign out' }).click();
    expect(await text()).toContain('You are signed out');
    const after = await fetch(`${ferry.server.url}/connections`, {
      headers: { cookie: `ferry_session=${cookie.value}` },
      redirect: 'manual',
    });
    expect(after.headers.get('location')).toBe('/auth/signin');
  });

  it('never logged or stored in plaintext a token, code, verifier, state or cookie value of the flow', () => {
    const urlSecrets = visits.flatMap((v) =>
      v.urls.flatMap((u) => ['code', 'state', 'token'].map((k) => new URL(u).searchParams.get(k) ?? '')),
    );
    const secrets = [
      ...idp.secrets,
      ...urlSecrets,
      ...cookieValues,
      SIGN_IN_CLIENT.secret,
      CONNECTOR_CLIENT.secret,
    ].filter((s) => s.length >= 8 && !s.startsWith('forged'));
    expect(secrets.length).toBeGreaterThan(20);
    const db = readdirSync(ferry.dataDir)
      .filter((f) => f.startsWith('ferry.db'))
      .map((f) => ({ where: f, text: readFileSync(join(ferry.dataDir, f)).toString('latin1') }));
    const logs = ferry.logs.map((text, i) => ({ where: `log line ${i}`, text }));
    expect(findLeaks([...logs, ...db], secrets)).toEqual([]);
  });
});
