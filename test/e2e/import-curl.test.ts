// "Create an action from cURL" and the new auth types through the real server: API, CLI, and no secret leaking.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/cli-runner.js';
import { startEchoServer, type EchoServer } from '../support/echo-server.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';
import { databaseText, findLeaks } from '../support/secret-leaks.js';

const SECRETS = {
  bearer: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
  apiKey: 'apikey-9f8e7d6c5b4a3210',
  password: 'curl-pa55word-77e1',
  consumer: 'oauth1-consumer-secret-51ab',
  tokenSecret: 'oauth1-token-secret-c93d',
  cookiePassword: 'cookie-login-password-0d4f',
  clientSecret: 'header-client-secret-6b2e',
};

let ferry: TestFerry;
let echo: EchoServer;
const answers: string[] = [];
beforeAll(async () => {
  ferry = await startTestFerry();
  echo = await startEchoServer();
  // Answers without echoing, so what the API returns is Ferry's own text only.
  echo.respond = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    return true;
  };
});
afterAll(async () => {
  await echo?.close();
  await ferry?.server.close();
});

const cli = cliRunner(() => ferry);
/** The members these tests read from the answers they get. */
interface Answer {
  readonly connector: unknown;
  readonly action: { readonly name: string; readonly query: unknown };
  readonly secrets: unknown;
  readonly dropped: unknown;
  readonly status: number;
  readonly code: string;
  readonly errors: unknown;
  readonly auth: { readonly type: string };
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Answer }> {
  const res = await ferry.api(method, path, body);
  const text = await res.text();
  answers.push(text);
  return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as Answer };
}

describe('POST /api/v1/actions/import-curl', () => {
  it('creates a connector holding the bearer token (sealed) and an action without it, which then runs', async () => {
    const command = `curl -X POST '${echo.url}/v1/tickets?team=it' -H 'Authorization: Bearer ${SECRETS.bearer}' -H 'Content-Type: application/json' -d '{"title":"VPN down"}'`;
    const { status, json } = await api('POST', '/actions/import-curl', { command, name: 'create-ticket' });
    expect(status).toBe(201);
    expect(json.connector).toMatchObject({
      name: '127-0-0-1',
      created: true,
      baseUrl: echo.url,
      auth: { type: 'bearer', apiKey: { set: true } },
    });
    expect(json.action).toMatchObject({
      name: 'create-ticket',
      connector: '127-0-0-1',
      method: 'POST',
      endpoint: '/v1/tickets',
      query: { team: 'it' },
      body: { title: 'VPN down' },
    });
    expect(json.secrets).toEqual([
      { where: 'header Authorization', storedAs: 'connector "127-0-0-1" auth bearer' },
    ]);

    const run = await api('POST', '/actions/create-ticket/run', { inputs: {} });
    expect(run.json.status).toBe(200);
    const sent = echo.requests.at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${SECRETS.bearer}`);
    expect(sent).toMatchObject({
      method: 'POST',
      path: '/v1/tickets',
      query: { team: 'it' },
      body: '{"title":"VPN down"}',
    });
  });

  it('matches the connector it made before; the pasted key is reported, not kept', async () => {
    const command = `curl '${echo.url}/v1/users?key=${SECRETS.apiKey}&page=2'`;
    const { status, json } = await api('POST', '/actions/import-curl', { command, name: 'list-users' });
    expect(status).toBe(201);
    expect(json.connector).toMatchObject({ name: '127-0-0-1', created: false });
    expect(json.action.query).toEqual({ page: '2' });
    expect(json.dropped).toEqual([
      { where: 'query key', why: 'connector "127-0-0-1" supplies its own credentials (bearer)' },
    ]);
  });

  it('with dryRun creates nothing', async () => {
    const command = `curl -u bot:${SECRETS.password} https://jira.example.com/rest/api/2/search`;
    const { status, json } = await api('POST', '/actions/import-curl', { command, dryRun: true });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      dryRun: true,
      connector: {
        name: 'jira-example-com',
        created: true,
        auth: { type: 'basic', password: { set: true } },
      },
    });
    expect((await api('GET', '/connectors/jira-example-com')).status).toBe(404);
    expect((await api('GET', `/actions/${json.action.name}`)).status).toBe(404);
  });

  it('refuses unknown options with 400 ERR_CURL_UNSUPPORTED_OPTION listing them', async () => {
    const { status, json } = await api('POST', '/actions/import-curl', {
      command: `curl --proxy-user u:p --aws-sigv4 x ${echo.url}/a`,
    });
    expect(status).toBe(400);
    expect(json.code).toBe('ERR_CURL_UNSUPPORTED_OPTION');
    expect(json.errors).toEqual([
      {
        path: 'command',
        code: 'unknown_option',
        message: 'unknown or unsupported options: --proxy-user, --aws-sigv4',
      },
    ]);
  });
});

describe('ferry actions import-curl and connectors add for the new types', () => {
  it('imports from the CLI, printing what it made and where the secret went', async () => {
    const r = await cli([
      'actions',
      'import-curl',
      `curl -u bot:${SECRETS.password} '${echo.url.replace('127.0.0.1', 'localhost')}/rest/api/2/search?jql=project%3DIT'`,
      '--name',
      'jira-search',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `created connector localhost (${echo.url.replace('127.0.0.1', 'localhost')}, auth basic)`,
    );
    expect(r.out).toContain('created action jira-search: GET /rest/api/2/search');
    expect(r.out).toContain('secret from -u: kept sealed as connector "localhost" auth basic');
    const bad = await cli(['actions', 'import-curl', 'curl --frob https://x.example']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('ERR_CURL_UNSUPPORTED_OPTION');
  });

  it.each([
    [
      'oauth1',
      [
        'consumerKey=ck',
        'consumerSecret=@env:S1',
        'token=tk-1',
        'tokenSecret=@env:S2',
        'signatureMethod=HMAC-SHA256',
      ],
      { S1: SECRETS.consumer, S2: SECRETS.tokenSecret },
      'tokenSecret',
    ],
    [
      'cookie',
      ['loginUrl=/login', 'username=svc', 'password=@env:S1', 'cookieNames:=["sid"]'],
      { S1: SECRETS.cookiePassword },
      'password',
    ],
    [
      'client_credentials_header',
      [
        'tokenUrl=/token',
        'clientId=ci',
        'clientSecret=@env:S1',
        'tokenPath=data.token',
        'headerAuthValuePattern=Token %s',
      ],
      { S1: SECRETS.clientSecret },
      'clientSecret',
    ],
  ])(
    'connectors add --type %s is accepted and shows its secrets as {"set": true}',
    async (type, fields, env, secretField) => {
      const args = [
        'connectors',
        'add',
        `new-${type.replace(/_/g, '-')}`,
        '--base-url',
        echo.url,
        '--type',
        type,
        ...fields.flatMap((f) => ['--auth', f]),
      ];
      const r = await cli(args, env);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`"${secretField}": {\n      "set": true`);
      const shown = await api('GET', `/connectors/new-${type.replace(/_/g, '-')}`);
      expect(shown.json.auth.type).toBe(type);
    },
  );

  it('lists the fields of every new type in the help', async () => {
    const help = await cli(['connectors', 'add', '--help']);
    for (const text of [
      'oauth1',
      'consumerKey',
      'cookie',
      'loginUrl',
      'client_credentials_header',
      'clientIdHeader',
    ])
      expect(help.out).toContain(text);
  });
});

describe('secrets', () => {
  it('appear in no API answer, no log line and not in the database file', async () => {
    const texts = [
      ...answers.map((text, i) => ({ where: `answer ${i}`, text })),
      { where: 'logs', text: ferry.logs.join('\n') },
      { where: 'database', text: await databaseText(join(ferry.dataDir, 'ferry.db')) },
    ];
    expect(ferry.logs.join('\n')).toContain('create-ticket');
    expect(findLeaks(texts, Object.values(SECRETS))).toEqual([]);
  });
});
