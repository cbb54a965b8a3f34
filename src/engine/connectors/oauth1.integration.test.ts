// OAuth 1.0a connectors against a real API on 127.0.0.1 that checks every signature with oauth-sign.
import { generateKeyPairSync } from 'node:crypto';
import { fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../core/actions/action.js';
import { authConfig, redactAuth } from '../../core/connectors/auth-config.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import { startAuthHarness, type AuthHarness } from '../../../test/support/auth-harness.js';
import { startOAuth1Server, type OAuth1Server } from '../../../test/support/oauth1-server.js';
import { databaseText, errorText, findLeaks } from '../../../test/support/secret-leaks.js';
import { runAction } from '../actions/action-runner.js';
import { testConnector } from './connector-tester.js';

const CONSUMER = { key: 'ferry-consumer', secret: 'consumer-secret-&+ 9c2e7a41' };
const TOKEN = { token: 'token-5d1f0e8a7b', secret: 'token-secret-!*()-3e8b0c' };
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const RSA_PEM = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let h: AuthHarness;
let api: OAuth1Server;
beforeAll(async () => {
  h = await startAuthHarness();
  api = await startOAuth1Server(
    {
      [CONSUMER.key]: { secret: CONSUMER.secret },
      'rsa-consumer': { publicKey: rsa.publicKey },
    },
    { [TOKEN.token]: TOKEN.secret },
    h.clock,
  );
});
afterAll(async () => {
  await api?.close();
  await h?.close();
});

const fetch: OutboundFetch = (url, init) => undiciFetch(url, init as never);
const hmac = { type: 'oauth1', consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret };
const threeLegged = { ...hmac, token: TOKEN.token, tokenSecret: TOKEN.secret };

async function connect(name: string, input: object) {
  const auth = authConfig.parse(input);
  expect(await h.provider.validate(auth)).toEqual([]);
  const connector = { ...(await h.connector(name, auth)), baseUrl: `${api.url}/api/v1` };
  return { connector, auth: h.provider.forConnector(connector) };
}

const action = (over: Partial<Action> = {}): Action => ({
  name: 'a',
  description: '',
  connector: 'x',
  method: 'GET',
  endpoint: '/records/{{id}}',
  headers: {},
  query: { q: 'name = "Ada Lovelace" & ☃', tag: 'b', limit: '10' },
  createdAt: '',
  updatedAt: '',
  ...over,
});

async function run(name: string, input: object, over: Partial<Action> = {}) {
  const { connector, auth } = await connect(name, input);
  const deps = { fetch, auth, logger: h.logger, scrubber: h.scrubber, defaultTimeoutMs: 5_000 };
  return runAction(deps, action(over), connector, { inputs: { id: 'a b/c' } });
}

describe('oauth1 connectors against a server that verifies with oauth-sign', () => {
  it.each([
    ['HMAC-SHA1 with token credentials', 'o1-hmac1', { ...threeLegged }],
    ['HMAC-SHA256 with token credentials', 'o1-hmac256', { ...threeLegged, signatureMethod: 'HMAC-SHA256' }],
    ['PLAINTEXT', 'o1-plain', { ...threeLegged, signatureMethod: 'PLAINTEXT' }],
    ['HMAC-SHA1 two-legged (no token)', 'o1-2leg', { ...hmac }],
    ['HMAC-SHA1 in the query (§3.5.3)', 'o1-query', { ...threeLegged, signatureLocation: 'query' }],
    [
      'RSA-SHA1 (PEM with literal \\n)',
      'o1-rsa',
      {
        type: 'oauth1',
        consumerKey: 'rsa-consumer',
        signatureMethod: 'RSA-SHA1',
        privateKey: RSA_PEM.replace(/\n/g, '\\n'),
      },
    ],
  ])('%s: a GET with an encoded path and query is accepted', async (_, name, input) => {
    const result = await run(name, input);
    expect(result.status).toBe(200);
    const verdict = api.seen.at(-1);
    expect(verdict?.ok).toBe(true);
    expect(verdict?.method).toBe((input as { signatureMethod?: string }).signatureMethod ?? 'HMAC-SHA1');
    expect(verdict?.signatureIn).toBe(
      (input as { signatureLocation?: string }).signatureLocation ?? 'header',
    );
  });

  it('signs the parameters of a form-encoded POST body (§3.4.1.3.1), with a realm that is not signed', async () => {
    const result = await run(
      'o1-form',
      { ...threeLegged, realm: 'TSTDRV 1234' },
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'status=Hello%20Ladies%20%2b%20Gentlemen&a=1&a=2',
      },
    );
    expect(result.status).toBe(200);
    expect(api.seen.at(-1)).toMatchObject({
      ok: true,
      body: 'status=Hello%20Ladies%20%2b%20Gentlemen&a=1&a=2',
    });
  });

  it('sends a fresh nonce on every request, so a replay check passes twice in the same second', async () => {
    const { connector, auth } = await connect('o1-nonce', threeLegged);
    const deps = { fetch, auth, logger: h.logger, scrubber: h.scrubber, defaultTimeoutMs: 5_000 };
    for (let i = 0; i < 2; i++)
      expect((await runAction(deps, action(), connector, { inputs: { id: '1' } })).status).toBe(200);
  });

  it('with a wrong consumer secret: the server refuses the signature, connectors test says so without the secret', async () => {
    const wrong = { ...threeLegged, consumerSecret: 'wrong-consumer-secret-4b7d' };
    const { connector, auth } = await connect('o1-wrong', wrong);
    const deps = { fetch, auth, logger: h.logger, scrubber: h.scrubber, defaultTimeoutMs: 5_000 };
    const report = await testConnector(
      {
        auth: () => auth,
        run: (a, c, input) => runAction(deps, a, c, input),
        scrub: (t) => h.scrubber.scrub(t),
      },
      { ...connector, testPath: '/me' },
    );
    expect(api.seen.at(-1)).toMatchObject({ ok: false, problem: 'signature_invalid' });
    expect(report.ok).toBe(false);
    expect(report.error?.code).toBe('ERR_CONNECTOR_TEST_FAILED');
    expect(report.error?.message).toContain('answered 401');
    expect(report.steps[0]).toBe(
      'OAuth 1.0a HMAC-SHA1 signature in the Authorization header (consumer key ferry-consumer, token [REDACTED])',
    );
    expect(JSON.stringify(report)).not.toContain(wrong.consumerSecret);
  });

  it('refuses an RSA-SHA1 key that does not parse, naming the field, not the key', async () => {
    const auth = authConfig.parse({
      type: 'oauth1',
      consumerKey: 'k',
      signatureMethod: 'RSA-SHA1',
      privateKey: 'not-a-key-8c1d',
    });
    const issues = await h.provider.validate(auth);
    expect(issues).toEqual([expect.objectContaining({ path: 'auth.privateKey', code: 'invalid_key' })]);
    expect(JSON.stringify(issues)).not.toContain('not-a-key-8c1d');
  });

  it('keeps every secret out of logs, the API view and the database file', async () => {
    const secrets = [
      CONSUMER.secret,
      TOKEN.token,
      TOKEN.secret,
      'wrong-consumer-secret-4b7d',
      ...RSA_PEM.split('\n').filter((l) => l.length > 40),
    ];
    const view = JSON.stringify(redactAuth(authConfig.parse(threeLegged)));
    expect(view).toContain('"tokenSecret":{"set":true}');
    expect(h.logger.lines.length).toBeGreaterThan(5);
    const texts = [
      { where: 'logs', text: h.logger.lines.join('\n') },
      { where: 'view', text: view },
      { where: 'database', text: await databaseText(h.dbPath) },
      ...h.errors.map((e, i) => ({ where: `error ${i}`, text: errorText(e) })),
    ];
    expect(findLeaks(texts, secrets)).toEqual([]);
  });
});
