// What users see when consent goes wrong, in Chromium: declined, replayed, forged, foreign or expired state, spent code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADA, startConsentFlow, type ConsentFlow } from '../support/consent-flow.js';
import {
  clickFor,
  lastCallback,
  lastState,
  providerContinue,
  type Visit,
} from '../support/end-user-browser.js';

let flow: ConsentFlow;
let ada: Visit;
const text = () => ada.page.locator('main').innerText();
const callback = (query: string) => ada.page.goto(`${flow.ferry.server.url}/auth/oauthCallback?${query}`);
const connect = async (label = 'Connect') => {
  await ada.page.goto(`${flow.ferry.server.url}/connections`);
  await clickFor(ada.page, 'crm', label);
};

beforeAll(async () => {
  flow = await startConsentFlow();
  ({ visit: ada } = await flow.newVisit());
  await flow.signIn(ada, ADA);
});
afterAll(async () => {
  await flow?.close();
});

describe('consent failures', () => {
  it('says what happened when the user declines at the provider', async () => {
    await connect();
    const uid = /\/interaction\/([^/?]+)/.exec(ada.page.url())?.[1];
    const denied = await ada.page.goto(`${flow.idp.issuer}/interaction/${uid}/deny`);
    expect(ada.page.url()).toContain('/auth/oauthCallback?error=access_denied');
    expect(denied?.status()).toBe(403);
    expect(await text()).toContain('Access was not granted');
    expect(await text()).toContain('access_denied');
    expect(await text()).toContain('ERR_OAUTH_CONSENT_DENIED');
    expect((await flow.run()).status).toBe(409);
  });

  it('refuses a replayed callback and a forged state', async () => {
    await connect();
    await providerContinue(ada.page);
    expect((await flow.run()).status).toBe(200);
    await ada.page.goto(lastCallback(ada).href);
    expect(await text()).toContain('This response was already used');
    expect(await text()).toContain('ERR_OAUTH_STATE_USED');
    await callback('code=forged-code&state=forged-state-value');
    expect(await text()).toContain('ERR_OAUTH_STATE_INVALID');
  });

  it('refuses a state that another signed-in user started', async () => {
    const { visit: bob } = await flow.newVisit();
    await flow.signIn(bob, 'bob@example.test');
    await clickFor(bob.page, 'crm', 'Connect');
    await callback(`code=x&state=${lastState(bob, flow.idp.issuer)}`);
    expect(await text()).toContain('This response does not belong to you');
    expect(await text()).toContain('ERR_OAUTH_STATE_INVALID');
  });

  it('refuses a state older than 10 minutes', async () => {
    await connect('Reconnect');
    const state = lastState(ada, flow.idp.issuer);
    flow.clock.advance(10 * 60_000 + 1);
    await callback(`code=late&state=${state}`);
    expect(await text()).toContain('ERR_OAUTH_STATE_EXPIRED');
    expect(await text()).toContain('click Connect (or Reconnect) to start again');
  });

  it('explains a code that was already used', async () => {
    const spent = lastCallback(ada).searchParams.get('code');
    await connect('Reconnect');
    await callback(`code=${spent}&state=${lastState(ada, flow.idp.issuer)}`);
    expect(await text()).toContain('The authorization code was refused');
    expect(await text()).toContain('ERR_OAUTH_INVALID_GRANT');
    expect((await flow.run()).status).toBe(200);
  });

  it('refuses a sign-in callback whose state this browser did not start (login CSRF)', async () => {
    const { visit: eve } = await flow.newVisit();
    await eve.page.goto(`${flow.ferry.server.url}/auth/signin`);
    const started = lastState(eve, flow.idp.issuer);
    await ada.page.goto(`${flow.ferry.server.url}/auth/signin/callback?code=stolen-code-1&state=${started}`);
    expect(await text()).toContain('ERR_OAUTH_STATE_INVALID');
    expect(await ada.page.locator('header').innerText()).toContain(`Signed in as ${ADA}`);
  });

  it('needs a signed-in user at the callback', async () => {
    const res = await fetch(`${flow.ferry.server.url}/auth/oauthCallback?code=x&state=y`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('ERR_USER_SIGN_IN_REQUIRED');
  });

  it('never logged or stored in plaintext a token, code, verifier, state or cookie value', async () => {
    expect(await flow.leaks()).toEqual([]);
  });
});
