// The per-user consent flow in Chromium against a real oidc-provider: sign in, connect, run, refresh, revoke, reconnect.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTOR_CLIENT } from '../support/consent-server.js';
import { ADA, INSTRUCTIONS, startConsentFlow, type ConsentFlow } from '../support/consent-flow.js';
import { clickFor, providerContinue, type Visit } from '../support/end-user-browser.js';

let flow: ConsentFlow;
let context: BrowserContext;
let ada: Visit;
const signedOut: string[] = [];
const text = () => ada.page.locator('main').innerText();
const connections = () => ada.page.goto(`${flow.ferry.server.url}/connections`);

beforeAll(async () => {
  flow = await startConsentFlow();
  ({ context, visit: ada } = await flow.newVisit());
});
afterAll(async () => {
  await flow?.close();
});

describe('end users and authorization-code connectors', () => {
  it('signs the user in through the organisation provider before showing anything', async () => {
    await connections();
    expect(ada.page.url()).toContain(`${flow.idp.issuer}/interaction/`);
    await flow.signIn(ada, ADA);
    expect(ada.page.url()).toBe(`${flow.ferry.server.url}/connections`);
    expect(await ada.page.locator('header').innerText()).toContain(`Signed in as ${ADA}`);
    expect(await text()).toMatch(/Acme CRM\s+Reads your CRM records on your behalf\.\s+Not connected/);
    const session = (await context.cookies()).find((c) => c.name === 'ferry_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false, path: '/' });
  });

  it('answers a run for a user who has not consented with 409 and the connections link', async () => {
    const { status, json } = await flow.run();
    expect(status).toBe(409);
    expect(json).toMatchObject({
      code: 'ERR_CONSENT_REQUIRED',
      connectionsUrl: `${flow.ferry.server.url}/connections`,
    });
  });

  it('connects: consent, code exchanged with the PKCE verifier, tokens stored for the user', async () => {
    await clickFor(ada.page, 'crm', 'Connect');
    const authorize = new URL(ada.urls.filter((u) => u.startsWith(`${flow.idp.issuer}/auth?`)).at(-1)!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('prompt')).toBe('consent');
    await providerContinue(ada.page);
    expect(ada.page.url()).toBe(`${flow.ferry.server.url}/connections?connected=crm`);
    expect(await text()).toMatch(/Connected Acme CRM\.[\s\S]*Acme CRM[\s\S]*Connected/);
    expect(flow.idp.tokenRequests).toContainEqual({ grantType: 'authorization_code', status: 200 });
  });

  it('runs the action with that user’s token', async () => {
    expect(await flow.run()).toMatchObject({ status: 200, json: { body: { account: ADA } } });
    expect((await flow.run('someone@example.test')).json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED' });
  });

  it('refreshes with the refresh token when the API refuses the access token, keeping the rotated one', async () => {
    const refreshes = () =>
      flow.idp.tokenRequests.filter((r) => r.grantType === 'refresh_token' && r.status === 200);
    const before = refreshes().length;
    flow.idp.rejectOnce(flow.idp.apiTokens.at(-1)!);
    expect(await flow.run()).toMatchObject({ status: 200, json: { body: { account: ADA } } });
    flow.idp.rejectOnce(flow.idp.apiTokens.at(-1)!);
    expect((await flow.run()).status).toBe(200);
    // The second refresh spent the refresh token the first one rotated in: a lost rotation would be invalid_grant.
    expect(refreshes()).toHaveLength(before + 2);
  });

  it('revokes at the provider (RFC 7009) and forgets the user’s tokens', async () => {
    const token = flow.idp.apiTokens.at(-1)!;
    expect(await flow.idp.isActive(token)).toBe(true);
    await connections();
    await clickFor(ada.page, 'crm', 'Revoke');
    expect(ada.page.url()).toBe(`${flow.ferry.server.url}/connections?revoked=crm`);
    expect(await text()).toContain('Revoked Acme CRM; Ferry no longer holds your tokens.');
    expect(await text()).toContain('Not connected');
    expect(flow.idp.revocations.map((r) => r.status)).toEqual([200, 200]);
    expect(flow.idp.revocations[0]!.fields.sort()).toEqual(['token', 'token_type_hint']);
    expect(await flow.idp.isActive(token)).toBe(false);
    expect((await flow.run()).json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED' });
  });

  it('reconnects after a revocation', async () => {
    await clickFor(ada.page, 'crm', 'Connect');
    await providerContinue(ada.page);
    expect(await text()).toContain('Connected Acme CRM.');
    expect(await flow.run()).toMatchObject({ status: 200, json: { body: { account: ADA } } });
  });

  it('keeps users’ tokens when only the consent screen texts or the client secret change', async () => {
    const patch = await flow.ferry.api('PATCH', '/connectors/crm', {
      auth: { displayName: 'Acme CRM (EU)', clientSecret: CONNECTOR_CLIENT.secret },
    });
    expect(patch.status).toBe(200);
    expect(await patch.json()).toMatchObject({
      auth: { clientSecret: { set: true }, displayName: 'Acme CRM (EU)' },
    });
    expect((await flow.run()).status).toBe(200);
    await connections();
    expect(await text()).toMatch(/Acme CRM \(EU\)[\s\S]*Connected/);
  });

  it('asks the user to reconnect when the provider refuses the refresh token (invalid_grant)', async () => {
    const token = flow.idp.apiTokens.at(-1)!;
    const grantId = (await flow.idp.provider.AccessToken.find(token))?.grantId;
    await (await flow.idp.provider.Grant.find(grantId!))?.destroy();
    flow.idp.rejectOnce(token);
    const { status, json } = await flow.run();
    expect(status).toBe(409);
    expect(json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED', reconnect: true });
    await connections();
    expect(await text()).toContain('Needs your consent again');
    await clickFor(ada.page, 'crm', 'Reconnect');
    await providerContinue(ada.page);
    expect((await flow.run()).status).toBe(200);
  });

  it('deletes the tokens and shows the instructions URL when revocation fails', async () => {
    flow.idp.failRevocation = true;
    await clickFor(ada.page, 'crm', 'Revoke');
    expect(await text()).toContain('did not confirm the revocation');
    expect(await ada.page.getByRole('link', { name: INSTRUCTIONS }).getAttribute('href')).toBe(INSTRUCTIONS);
    expect(await text()).toContain('ERR_OAUTH_REVOKE_FAILED');
    expect((await flow.run()).json).toMatchObject({ code: 'ERR_CONSENT_REQUIRED' });
    flow.idp.failRevocation = false;
  });

  it('refuses a sign-out posted from another origin, and signs out from the page', async () => {
    const cookie = (await context.cookies()).find((c) => c.name === 'ferry_session')!;
    signedOut.push(cookie.value);
    const url = flow.ferry.server.url;
    const forged = await fetch(`${url}/auth/signout`, {
      method: 'POST',
      headers: { cookie: `ferry_session=${cookie.value}`, origin: 'http://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('ERR_USER_ORIGIN_REJECTED');
    await connections();
    await ada.page.getByRole('button', { name: 'Sign out' }).click();
    expect(await text()).toContain('You are signed out');
    const after = await fetch(`${url}/connections`, {
      headers: { cookie: `ferry_session=${cookie.value}` },
      redirect: 'manual',
    });
    expect(after.headers.get('location')).toBe('/auth/signin');
  });

  it('never logged or stored in plaintext a token, code, verifier, state or cookie value of the flow', async () => {
    expect(await flow.leaks(signedOut)).toEqual([]);
  });
});
