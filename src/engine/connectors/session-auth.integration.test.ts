// Cookie and header client-credentials connectors against a real API on 127.0.0.1 with a login and a token endpoint.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../core/actions/action.js';
import { authConfig, redactAuth } from '../../core/connectors/auth-config.js';
import type { Connector } from '../../core/connectors/connector.js';
import type { ConnectorAuth } from '../../core/ports/auth.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import { startAuthHarness, type AuthHarness } from '../../../test/support/auth-harness.js';
import { startSessionServer, type SessionServer } from '../../../test/support/session-server.js';
import { databaseText, errorText, findLeaks } from '../../../test/support/secret-leaks.js';
import { runAction } from '../actions/action-runner.js';

const USER = { username: 'ada@example.com', password: 'pa"ss\\wörd & + = 1843' };
const CLIENT = { id: 'ferry-client', secret: 'client-secret-&=+ 7e1c4b9a' };
const TTL = 600;
const WRONG = { password: 'wrong-password-5a3e9d', secret: 'wrong-client-secret-8d2f' };

let h: AuthHarness;
let srv: SessionServer;
beforeAll(async () => {
  h = await startAuthHarness();
  srv = await startSessionServer({ clock: h.clock, user: USER, client: CLIENT, ttlSeconds: TTL });
});
afterAll(async () => {
  await srv?.close();
  await h?.close();
});

const fetch: OutboundFetch = (url, init) => undiciFetch(url, init as never);
const cookieJson = {
  type: 'cookie',
  loginUrl: '/auth/login',
  ...USER,
  loginBody: '{"user":"{{username}}","pass":"{{ password }}"}',
};
const headerToken = {
  type: 'client_credentials_header',
  tokenUrl: '/oauth/token',
  clientId: CLIENT.id,
  clientSecret: CLIENT.secret,
  clientIdHeader: 'X-Client-Id',
  clientSecretHeader: 'X-Client-Secret',
  tokenPath: '$.data.token',
  expiresInPath: 'data.expires',
  headerAuthKey: 'Authorization',
  headerAuthValuePattern: 'Token %s',
};

const connectors = new Map<string, Connector>();

async function connect(name: string, input: object) {
  const config = authConfig.parse(input);
  const connector = { ...(await h.connector(name, config)), baseUrl: srv.url };
  connectors.set(name, connector);
  return { connector, auth: h.provider.forConnector(connector) };
}

const action: Action = {
  name: 'whoami',
  description: '',
  connector: 'x',
  method: 'GET',
  endpoint: '/api/me',
  headers: { Cookie: 'theme=dark' },
  query: {},
  createdAt: '',
  updatedAt: '',
};

/** Runs the action through `name`'s connector, as the action runner does for every action. */
function call(name: string, auth: ConnectorAuth) {
  const deps = { fetch, auth, logger: h.logger, scrubber: h.scrubber, defaultTimeoutMs: 5_000 };
  const connector = connectors.get(name);
  if (connector === undefined) throw new Error(`connect ${name} first`);
  return runAction(deps, action, connector, { inputs: {} });
}

describe('cookie auth', () => {
  it('logs in once (JSON body, escaped credentials), keeps the cookies sealed and sends them after the action’s own', async () => {
    const from = srv.logins.length;
    const { auth } = await connect('ck-json', cookieJson);
    const req = { method: 'GET', url: new URL(`${srv.url}/api/me`), headers: { cookie: 'theme=dark' } };
    await auth.authorize(req);
    expect(req.headers.cookie).toMatch(/^theme=dark; sid=[0-9a-f]{32}; csrf=[0-9a-f]{16}$/);
    expect((await call('ck-json', auth)).body).toEqual({ via: 'cookie', path: '/api/me' });
    expect(srv.logins.slice(from)).toEqual([{ status: 200, contentType: 'application/json' }]);

    const row = await h.storage.credentials.get('ck-json', '');
    const sid = /sid=(\w+)/.exec(req.headers.cookie)?.[1] ?? 'missing';
    expect(row?.sealedJson).not.toContain(sid);
    const stored = JSON.parse(row!.sealedJson) as { accessToken: string };
    expect(h.keyring.unseal(stored.accessToken)).toContain(`sid=${sid}`);
    // Max-Age (TTL) is earlier than the csrf cookie's Expires (2 × TTL): the session ends with the first.
    expect(row?.expiresAt).toBe(h.clock.now() + TTL * 1000);
  });

  it('logs in with a form body and reports the step without values', async () => {
    const { auth } = await connect('ck-form', {
      ...cookieJson,
      loginContentType: 'application/x-www-form-urlencoded',
      loginBody: 'user={{username}}&pass={{password}}',
    });
    const check = await auth.check();
    expect(check.steps).toEqual([
      `POST ${srv.url}/auth/login (login as ${USER.username}) → 200, cookies sid, csrf, expires in ${TTL} s`,
    ]);
    expect(check.expiresInSeconds).toBe(TTL);
  });

  it('logs in again once the cookies expire, and after a 401 (retrying the action once)', async () => {
    const { auth } = await connect('ck-renew', cookieJson);
    const from = srv.logins.length;
    expect((await call('ck-renew', auth)).status).toBe(200);
    expect((await call('ck-renew', auth)).status).toBe(200);
    expect(srv.logins.length - from).toBe(1);
    h.clock.advance(TTL * 1000);
    expect((await call('ck-renew', auth)).status).toBe(200);
    expect(srv.logins.length - from).toBe(2);
    srv.revokeAll();
    expect((await call('ck-renew', auth)).status).toBe(200);
    expect(srv.logins.length - from).toBe(3);
  });

  it('makes one login for 50 concurrent actions (single flight)', async () => {
    const { auth } = await connect('ck-flight', cookieJson);
    const from = srv.logins.length;
    const results = await Promise.all(Array.from({ length: 50 }, () => call('ck-flight', auth)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(srv.logins.length - from).toBe(1);
  });

  it('maps a wrong password to ERR_AUTH_LOGIN_REJECTED naming the connector, not the password', async () => {
    const { auth } = await connect('ck-wrong', { ...cookieJson, password: WRONG.password });
    const error = await h.failure(auth.check());
    expect(error.code).toBe('ERR_AUTH_LOGIN_REJECTED');
    expect(error.message).toBe(
      `connector "ck-wrong": the login at ${srv.url}/auth/login answered HTTP 401; check the Username, Password and Login Body of connector "ck-wrong"`,
    );
  });

  it('maps a login without the named cookie to ERR_AUTH_LOGIN_NO_COOKIE, a closed port to ERR_AUTH_ENDPOINT_UNREACHABLE', async () => {
    const none = await connect('ck-none', { ...cookieJson, cookieNames: ['JSESSIONID'] });
    expect((await h.failure(none.auth.check())).code).toBe('ERR_AUTH_LOGIN_NO_COOKIE');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const gone = await connect('ck-gone', { ...cookieJson, loginUrl: `http://127.0.0.1:${port}/login` });
    const error = await h.failure(gone.auth.check());
    expect(error.code).toBe('ERR_AUTH_ENDPOINT_UNREACHABLE');
    expect(error.message).toContain('(connection refused)');
  });
});

describe('client credentials in headers', () => {
  it('sends id and secret in the named headers, puts the token in a header pattern, caches it until expiry', async () => {
    const from = srv.tokenRequests.length;
    const { auth } = await connect('ht-header', headerToken);
    const check = await auth.check();
    expect(check.steps[0]).toBe(
      `POST ${srv.url}/oauth/token (client id ${CLIENT.id} in X-Client-Id, secret in X-Client-Secret) → 200, token at $.data.token, expires in ${TTL} s`,
    );
    expect(check.expiresInSeconds).toBe(TTL);
    expect((await call('ht-header', auth)).body).toEqual({ via: 'token', path: '/api/me' });
    expect((await call('ht-header', auth)).status).toBe(200);
    expect(srv.tokenRequests.length - from).toBe(1);
    expect(srv.tokenRequests[from]?.headers).toEqual(
      expect.arrayContaining(['x-client-id', 'x-client-secret']),
    );
    h.clock.advance(TTL * 1000);
    expect((await call('ht-header', auth)).status).toBe(200);
    expect(srv.tokenRequests.length - from).toBe(2);
  });

  it('puts the token in a query parameter, and obtains a new one after a 401', async () => {
    const rest: Record<string, unknown> = { ...headerToken };
    delete rest.headerAuthKey;
    delete rest.headerAuthValuePattern;
    const { auth } = await connect('ht-query', { ...rest, paramAuthParamName: 'access_token' });
    expect((await call('ht-query', auth)).status).toBe(200);
    const from = srv.tokenRequests.length;
    srv.revokeAll();
    expect((await call('ht-query', auth)).status).toBe(200);
    expect(srv.tokenRequests.length - from).toBe(1);
  });

  it('maps a wrong secret to ERR_AUTH_TOKEN_REJECTED and a wrong path to ERR_AUTH_TOKEN_NOT_FOUND', async () => {
    const wrong = await connect('ht-wrong', { ...headerToken, clientSecret: WRONG.secret });
    const error = await h.failure(wrong.auth.check());
    expect(error.code).toBe('ERR_AUTH_TOKEN_REJECTED');
    expect(error.message).toContain(
      'answered HTTP 401; check the Client ID and Client Secret of connector "ht-wrong"',
    );
    const path = await connect('ht-path', { ...headerToken, tokenPath: 'data.jwt' });
    const missing = await h.failure(path.auth.check());
    expect(missing.code).toBe('ERR_AUTH_TOKEN_NOT_FOUND');
    expect(missing.message).toContain('without a string at data.jwt');
  });

  it('refuses a header and a query parameter together', () => {
    const parsed = authConfig.safeParse({ ...headerToken, paramAuthParamName: 'access_token' });
    expect(parsed.success).toBe(false);
  });
});

describe('secrets of cookie and header-token connectors', () => {
  it('never appear in logs, errors, the API view or the database file', async () => {
    const secrets = [USER.password, CLIENT.secret, WRONG.password, WRONG.secret, ...srv.issued];
    expect(srv.issued.length).toBeGreaterThan(10);
    const views = [cookieJson, headerToken].map((c) => JSON.stringify(redactAuth(authConfig.parse(c))));
    expect(views[0]).toContain('"password":{"set":true}');
    expect(views[1]).toContain('"clientSecret":{"set":true}');
    const texts = [
      { where: 'logs', text: h.logger.lines.join('\n') },
      { where: 'views', text: views.join('\n') },
      { where: 'database', text: await databaseText(h.dbPath) },
      ...h.errors.map((e, i) => ({ where: `error ${i}`, text: errorText(e) })),
    ];
    expect(h.errors.length).toBeGreaterThanOrEqual(5);
    expect(findLeaks(texts, secrets)).toEqual([]);
  });
});
