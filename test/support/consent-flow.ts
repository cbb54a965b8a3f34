// Setup for the browser tests of per-user consent: provider, Ferry with OIDC sign-in, a connector, Chromium.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { expect } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { launchBrowser } from './browser.js';
import {
  CONNECTOR_CLIENT,
  SIGN_IN_CLIENT,
  startConsentServer,
  type ConsentServer,
} from './consent-server.js';
import { openPage, providerContinue, providerLogin, type Visit } from './end-user-browser.js';
import { startTestFerry, type TestFerry } from './ferry-server.js';
import { onFreePort } from './free-port.js';
import { findLeaks } from './secret-leaks.js';

export const ADA = 'ada@example.test';
export const INSTRUCTIONS = 'https://crm.example/settings/connected-apps';

export interface ConsentFlow {
  readonly idp: ConsentServer;
  readonly ferry: TestFerry;
  readonly browser: Browser;
  /** Ferry's time: states, sessions and token expiry follow it. */
  readonly clock: ManualClock;
  /** Runs the action `crm-me` (GET /me through connector `crm`) for `user`. */
  run(user?: string): Promise<{ status: number; json: Record<string, unknown> }>;
  /** A new browser context (its own cookies), recorded for the leak check. */
  newVisit(): Promise<{ context: BrowserContext; visit: Visit }>;
  /** Opens /connections, signs in at the provider as `login` and consents to Ferry's sign-in client. */
  signIn(visit: Visit, login: string): Promise<void>;
  /** Secrets the flow produced (tokens, codes, verifiers, states, cookies) found in logs or database files. */
  leaks(extra?: readonly string[]): Promise<string[]>;
  close(): Promise<void>;
}

export async function startConsentFlow(): Promise<ConsentFlow> {
  const clock = new ManualClock(Date.now());
  // Ferry's URL is registered with the provider before Ferry starts, so Ferry gets a port chosen up front.
  const { idp, ferry } = await onFreePort(async (port) => {
    const idp = await startConsentServer(`http://127.0.0.1:${port}`);
    try {
      const env = {
        FERRY_PORT: String(port),
        FERRY_OIDC_ISSUER: idp.issuer,
        FERRY_OIDC_CLIENT_ID: SIGN_IN_CLIENT.id,
        FERRY_OIDC_CLIENT_SECRET: SIGN_IN_CLIENT.secret,
      };
      return { idp, ferry: await startTestFerry(env, undefined, undefined, { clock }) };
    } catch (err) {
      await idp.close();
      throw err;
    }
  });
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
  const action = { name: 'crm-me', connector: 'crm', method: 'GET', endpoint: '/me' };
  expect((await ferry.api('POST', '/actions', action)).status).toBe(201);
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  const visits: Visit[] = [];

  return {
    idp,
    ferry,
    browser,
    clock,
    async run(user = ADA) {
      const res = await ferry.api('POST', '/actions/crm-me/run', { user });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    },
    async newVisit() {
      const context = await browser.newContext();
      const visit = await openPage(context);
      contexts.push(context);
      visits.push(visit);
      return { context, visit };
    },
    async signIn(visit, login) {
      await visit.page.goto(`${ferry.server.url}/connections`);
      await providerLogin(visit.page, login);
      await providerContinue(visit.page);
    },
    async leaks(extra = []) {
      const cookies = (await Promise.all(contexts.map((c) => c.cookies().catch(() => [])))).flat();
      const fromUrls = visits.flatMap((v) =>
        v.urls.flatMap((u) => ['code', 'state', 'token'].map((k) => new URL(u).searchParams.get(k) ?? '')),
      );
      const secrets = [
        ...idp.secrets,
        ...fromUrls,
        ...cookies.map((c) => c.value),
        ...extra,
        SIGN_IN_CLIENT.secret,
        CONNECTOR_CLIENT.secret,
      ].filter((s) => s.length >= 8 && !s.startsWith('forged'));
      expect(secrets.length).toBeGreaterThan(10);
      const db = readdirSync(ferry.dataDir)
        .filter((f) => f.startsWith('ferry.db'))
        .map((f) => ({ where: f, text: readFileSync(join(ferry.dataDir, f)).toString('latin1') }));
      const logs = ferry.logs.map((text, i) => ({ where: `log line ${i}`, text }));
      return findLeaks([...logs, ...db], secrets);
    },
    async close() {
      await browser.close();
      await ferry.server.close();
      await idp.close();
    },
  };
}
