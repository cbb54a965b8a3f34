// Every auth type through Ferry's API against a real oidc-provider and a protected API; then the secret leak check.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSERTION_ISSUER, CLIENTS, RESOURCE_OWNER } from '../support/oidc-clients.js';
import { API_AUDIENCE, STATIC_SECRETS, startAuthHarness, type AuthHarness } from '../support/auth-harness.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';
import { findLeaks } from '../support/secret-leaks.js';

let h: AuthHarness;
let ferry: TestFerry;
const responses: string[] = [];

/** Calls the API and keeps every response body for the leak check. */
async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await ferry.api(method, path, body);
  const text = await res.text();
  responses.push(text);
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  h = await startAuthHarness();
  ferry = await startTestFerry();
});
afterAll(async () => {
  await ferry.server.close();
  await h.close();
});

const oauth = (client: { id: string; secret: string }, extra: object = {}) => ({
  clientId: client.id,
  clientSecret: client.secret,
  oauth2TokenUrl: h.oidc.tokenUrl,
  ...extra,
});
const jwt = (algorithm: 'HS256' | 'RS256' | 'ES256') => ({
  type: 'jwt',
  algorithm,
  // Keys pasted with literal \n, as they arrive from a one-line form field.
  privateKey: algorithm === 'HS256' ? STATIC_SECRETS.hsSecret : h.pem[algorithm].replace(/\n/g, '\\n'),
  issuer: ASSERTION_ISSUER,
  audience: API_AUDIENCE,
  subject: 'ferry-bot',
});

const cases: [string, () => Promise<object> | object][] = [
  ['none', () => ({ type: 'none' })],
  [
    'api_key in a header',
    () => ({
      type: 'api_key',
      apiKey: STATIC_SECRETS.apiKey,
      headerAuthKey: 'X-Api-Key',
      headerAuthValuePattern: '%s',
    }),
  ],
  [
    'api_key in the query',
    () => ({ type: 'api_key', apiKey: STATIC_SECRETS.apiKey, paramAuthParamName: 'api_key' }),
  ],
  ['basic', () => ({ type: 'basic', ...STATIC_SECRETS.basic })],
  [
    'client credentials, Basic',
    () => ({
      type: 'oauth2_client_credentials',
      ...oauth(CLIENTS.basic, { oauth2ClientAuthentication: 'basic_auth_header' }),
    }),
  ],
  [
    'client credentials, body',
    () => ({
      type: 'oauth2_client_credentials',
      ...oauth(CLIENTS.post, { oauth2ClientAuthentication: 'request_body' }),
    }),
  ],
  ['client credentials, detected', () => ({ type: 'oauth2_client_credentials', ...oauth(CLIENTS.post) })],
  [
    'refresh token',
    async () => ({
      type: 'oauth2_refresh_token',
      ...oauth(CLIENTS.refresh),
      refreshToken: await h.issueRefreshToken(),
    }),
  ],
  ['password', () => ({ type: 'oauth2_password', ...oauth(CLIENTS.password), ...RESOURCE_OWNER })],
  [
    'password, credentials in headers',
    () => ({
      type: 'oauth2_password',
      ...oauth(CLIENTS.password),
      ...RESOURCE_OWNER,
      credentialsInHeaders: true,
    }),
  ],
  ['jwt as bearer, HS256', () => jwt('HS256')],
  ['jwt as bearer, RS256', () => jwt('RS256')],
  ['jwt as bearer, ES256', () => jwt('ES256')],
  [
    'jwt exchanged (RFC 7523)',
    () => ({
      ...jwt('RS256'),
      audience: h.oidc.tokenUrl,
      accessTokenRequestUrl: h.oidc.tokenUrl,
      clientId: CLIENTS.jwt.id,
      clientSecret: CLIENTS.jwt.secret,
      oauth2ClientAuthentication: 'request_body',
    }),
  ],
];

describe('connectors through the API, against a real authorization server', () => {
  it.each(cases.map(([name, auth], i) => [name, auth, `c${i}`] as const))(
    '%s: action run and connector test succeed',
    async (_, auth, name) => {
      const path = _ === 'none' ? '/public' : '/things';
      const created = await call('POST', '/connectors', {
        name,
        baseUrl: h.api.url,
        auth: await auth(),
        testPath: path,
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect(
        (await call('POST', '/actions', { name, connector: name, method: 'GET', endpoint: path })).status,
      ).toBe(201);
      const run = await call('POST', `/actions/${name}/run`, { inputs: {} });
      expect(run.status).toBe(200);
      expect(run.json.status).toBe(200);
      const test = await call('POST', `/connectors/${name}/test`);
      expect(test.json).toMatchObject({ ok: true, request: { status: 200 } });
    },
  );

  it('makes exactly one token request for 1,000 concurrent action runs on a cold cache', async () => {
    await call('POST', '/connectors', {
      name: 'cold',
      baseUrl: h.api.url,
      auth: { type: 'oauth2_client_credentials', ...oauth(CLIENTS.basic) },
    });
    await call('POST', '/actions', { name: 'cold', connector: 'cold', method: 'GET', endpoint: '/things' });
    const before = h.oidc.count({ clientId: CLIENTS.basic.id });
    const runs = await Promise.all(
      Array.from({ length: 1_000 }, () => call('POST', '/actions/cold/run', { inputs: {} })),
    );
    expect(runs.filter((r) => r.status === 200 && r.json.status === 200)).toHaveLength(1_000);
    expect(h.oidc.count({ clientId: CLIENTS.basic.id }) - before).toBe(1);
  });

  it('names invalid_client with its own code and what to fix', async () => {
    const auth = {
      type: 'oauth2_client_credentials',
      ...oauth({ id: CLIENTS.basic.id, secret: 'wrong-secret-value-123' }),
    };
    await call('POST', '/connectors', { name: 'badclient', baseUrl: h.api.url, auth });
    const test = await call('POST', '/connectors/badclient/test');
    expect(test.json).toMatchObject({ ok: false, error: { code: 'ERR_OAUTH_INVALID_CLIENT' } });
    await call('POST', '/actions', {
      name: 'badclient',
      connector: 'badclient',
      method: 'GET',
      endpoint: '/things',
    });
    const run = await call('POST', '/actions/badclient/run', { inputs: {} });
    expect(run.status, JSON.stringify(run.json)).toBe(502);
    expect(run.json).toMatchObject({ code: 'ERR_OAUTH_INVALID_CLIENT', upstreamStatus: 401 });
    expect(run.json.detail).toContain('check the Client ID and Client Secret');
  });

  it('re-seals every secret under a new master key while serving, and keeps working', async () => {
    const rotated = await call('POST', '/keys/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.json.resealed).toBeGreaterThan(20);
    expect((rotated.json.previousKeyIds as string[]).length).toBe(1);
    const db = readFileSync(join(ferry.dataDir, 'ferry.db'), 'latin1');
    expect(db).not.toContain(`fsv1.${(rotated.json.previousKeyIds as string[])[0]}`);
    for (const name of ['c4', 'c7', 'c11'])
      expect((await call('POST', `/actions/${name}/run`, { inputs: {} })).json.status).toBe(200);
  });

  it('leaves no secret in logs, API responses or the database files', async () => {
    const secrets = [...(await h.secrets()), 'wrong-secret-value-123'];
    expect(secrets.length).toBeGreaterThan(20);
    const files = ['ferry.db', 'ferry.db-wal']
      .map((f) => join(ferry.dataDir, f))
      .filter((f) => existsSync(f));
    const texts = [
      { where: 'logs', text: ferry.logs.join('\n') },
      { where: 'API responses', text: responses.join('\n') },
      ...files.map((f) => ({ where: f, text: readFileSync(f, 'latin1') })),
    ];
    expect(ferry.logs.length).toBeGreaterThan(50);
    expect(findLeaks(texts, secrets)).toEqual([]);
  });
});
