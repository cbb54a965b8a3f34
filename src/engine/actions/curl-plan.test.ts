// cURL commands as people paste them (browser "Copy as cURL", API docs, Postman) into connector + action plans.
import { describe, expect, it } from 'vitest';
import type { AuthConfig } from '../../core/connectors/auth-config.js';
import type { Connector } from '../../core/connectors/connector.js';
import { isFerryError } from '../../core/errors.js';
import { parseCurl } from './curl-command.js';
import { planCurlImport } from './curl-plan.js';

const connector = (name: string, baseUrl: string, auth: AuthConfig = { type: 'none' }): Connector => ({
  name,
  description: '',
  baseUrl,
  auth,
  createdAt: '',
  updatedAt: '',
});
const CONNECTORS = [
  connector('github', 'https://api.github.com', { type: 'bearer', apiKey: 'ghp_stored', prefix: 'Bearer' }),
  connector('sn', 'https://acme.service-now.com/api/now'),
  connector('sn-table', 'https://acme.service-now.com/api/now/table'),
];
const plan = (command: string, options = {}) => planCurlImport(parseCurl(command), CONNECTORS, options);

function refusal(command: string): { code: string; messages: string[] } {
  try {
    plan(command);
  } catch (e) {
    if (!isFerryError(e)) throw e;
    const issues = (e as { issues?: { message: string }[] }).issues ?? [];
    return { code: e.code, messages: issues.map((i) => i.message) };
  }
  throw new Error('expected a refusal');
}

describe('parseCurl + planCurlImport', () => {
  it('a plain GET on a new host: connector from the origin, path and query into the action', () => {
    const p = plan("curl 'https://api.example.com/v2/users?limit=10&sort=name'");
    expect(p.newConnector).toEqual({
      name: 'api-example-com',
      baseUrl: 'https://api.example.com',
      auth: { type: 'none' },
    });
    expect(p.action).toMatchObject({
      name: 'get-v2-users',
      connector: 'api-example-com',
      method: 'GET',
      endpoint: '/v2/users',
      query: { limit: '10', sort: 'name' },
      headers: {},
    });
    expect(p.action.body).toBeUndefined();
  });

  it('a bearer token becomes the new connector’s auth, not an action header', () => {
    const p = plan(
      `curl -H "Authorization: Bearer sk_live_51Habc" -H 'Accept: application/json' https://api.stripe.com/v1/charges`,
    );
    expect(p.newConnector?.auth).toEqual({ type: 'bearer', apiKey: 'sk_live_51Habc', prefix: 'Bearer' });
    expect(p.action.headers).toEqual({ Accept: 'application/json' });
    expect(p.secrets).toEqual([
      { where: 'header Authorization', storedAs: 'connector "api-stripe-com" auth bearer' },
    ]);
    expect(JSON.stringify(p.action)).not.toContain('sk_live_51Habc');
  });

  it.each([
    [
      '-u user:password becomes basic auth (a password with ":" kept whole)',
      "curl -u 'admin:p:ss w0rd' https://jira.example.org/rest/api/2/issue/ABC-1",
      { type: 'basic', username: 'admin', password: 'p:ss w0rd' },
      { headers: {}, query: {} },
    ],
    [
      'an Authorization: Basic header is decoded back into basic auth',
      `curl -H 'Authorization: Basic ${Buffer.from('svc:s3cret').toString('base64')}' https://x.example/a`,
      { type: 'basic', username: 'svc', password: 's3cret' },
      { headers: {}, query: {} },
    ],
    [
      'another scheme (Token, SSWS) becomes bearer with that prefix',
      "curl -H 'Authorization: SSWS 00abcDEF' https://acme.okta.com/api/v1/users",
      { type: 'bearer', apiKey: '00abcDEF', prefix: 'SSWS' },
      { headers: {}, query: {} },
    ],
    [
      'an API-key header becomes api_key in that header',
      "curl -H 'X-API-Key: key-123456' -H 'X-Request-Id: 7' https://api.example.com/things",
      { type: 'api_key', apiKey: 'key-123456', headerAuthKey: 'X-API-Key' },
      { headers: { 'X-Request-Id': '7' }, query: {} },
    ],
    [
      'an API key in the query becomes api_key in that parameter and leaves the query',
      "curl 'https://maps.example.com/geocode/json?address=Paris&key=AIzaSyA123'",
      { type: 'api_key', apiKey: 'AIzaSyA123', paramAuthParamName: 'key' },
      { headers: {}, query: { address: 'Paris' } },
    ],
  ])('%s; the rest stays in the action', (_, command, auth, rest) => {
    const p = plan(command);
    expect(p.newConnector?.auth).toEqual(auth);
    expect({ headers: p.action.headers, query: p.action.query }).toEqual(rest);
  });

  it('keeps the first credential and reports the others, kept nowhere', () => {
    const p = plan("curl -u a:b -H 'X-Api-Key: k-999999' -b 'sid=abc' https://h.example/x");
    expect(p.newConnector?.auth.type).toBe('basic');
    expect(p.dropped.map((d) => d.where)).toEqual(['header X-Api-Key', 'header Cookie']);
    expect(JSON.stringify(p)).not.toMatch(/k-999999.*action|sid=abc/);
    expect(p.action.headers).toEqual({});
  });

  it('matches an existing connector by the longest base URL; its credentials win over the command’s', () => {
    const p = plan("curl -H 'Authorization: Bearer ghp_pasted' https://api.github.com/repos/o/r/issues");
    expect(p.newConnector).toBeUndefined();
    expect(p.action).toMatchObject({ connector: 'github', endpoint: '/repos/o/r/issues', headers: {} });
    expect(p.dropped).toEqual([
      { where: 'header Authorization', why: 'connector "github" supplies its own credentials (bearer)' },
    ]);
    expect(plan('curl https://acme.service-now.com/api/now/table/incident').action).toMatchObject({
      connector: 'sn-table',
      endpoint: '/incident',
    });
    expect(plan('curl https://acme.service-now.com/api/now/stats/x').action).toMatchObject({
      connector: 'sn',
      endpoint: '/stats/x',
    });
    expect(plan('curl https://acme.service-now.com/api/nowhere').newConnector?.name).toBe(
      'acme-service-now-com',
    );
  });

  it.each([
    [
      '-d with JSON: POST implied, body parsed, Content-Type kept',
      `curl https://api.example.com/tickets -H 'Content-Type: application/json' -d '{"title":"VPN down","priority":2}'`,
      {
        method: 'POST',
        body: { title: 'VPN down', priority: 2 },
        headers: { 'Content-Type': 'application/json' },
      },
    ],
    [
      '--json sets JSON content type and accept',
      `curl --json '{"a":1}' https://x.example/a`,
      {
        method: 'POST',
        body: { a: 1 },
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      },
    ],
    [
      '--data-raw and -X PUT',
      `curl -X PUT --data-raw '@not-a-file' https://x.example/a`,
      { method: 'PUT', body: '@not-a-file' },
    ],
    [
      'form data: -d pairs joined with &, --data-urlencode encoded, sent as form text',
      "curl https://x.example/form -d a=1 -d 'b=two words' --data-urlencode 'c=x&y=z' --data-urlencode plain",
      {
        method: 'POST',
        body: 'a=1&b=two words&c=x%26y%3Dz&plain',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      },
    ],
    [
      '-G moves the data into the query',
      'curl -G https://x.example/search -d q=ferry -d page=2',
      { method: 'GET', query: { q: 'ferry', page: '2' } },
    ],
    [
      'reads browser "Copy as cURL": line continuations, $\'…\' quoting, --compressed, -XPOST, -sSL, -m',
      "curl -sSL -XPOST 'https://app.example.com/api/v1/notes' \\\n  -H 'accept: */*' \\\n  -H $'x-note: it\\'s' \\\n  --compressed -m 12.5 \\\n  --data-raw '{\"t\":\"hi\"}' -H 'content-type: application/json'",
      {
        method: 'POST',
        endpoint: '/api/v1/notes',
        headers: { accept: '*/*', 'x-note': "it's", 'content-type': 'application/json' },
        body: { t: 'hi' },
        timeoutMs: 12_500,
      },
    ],
  ])('%s', (_, command, action) => {
    expect(plan(command).action).toMatchObject(action);
  });

  it('keeps $VARS literal, drops Host and Content-Length, and names the action when asked', () => {
    const p = plan('curl -H "X-Tenant: $TENANT" -H "Host: x" -H "Content-Length: 3" https://x.example/a', {
      name: 'my-action',
      connector: 'mine',
    });
    expect(p.action).toMatchObject({
      name: 'my-action',
      connector: 'mine',
      headers: { 'X-Tenant': '$TENANT' },
    });
    expect(p.newConnector?.name).toBe('mine');
  });

  it('refuses unknown options, listing every one, so nothing is silently ignored', () => {
    expect(refusal('curl --frobnicate --proxy http://p:3128 -Z https://x.example/a')).toEqual({
      code: 'ERR_CURL_UNSUPPORTED_OPTION',
      messages: ['unknown or unsupported options: --frobnicate, --proxy, -Z'],
    });
  });

  it.each([
    ['wget https://x.example', 'it must start with curl'],
    ['curl', 'no URL'],
    ['curl https://a.example https://b.example', 'one URL expected, found 2'],
    ['curl https://x.example/a?b=1&c=2', 'unquoted shell operator "&" (quote the URL, paste one command)'],
    ["curl https://x.example | jq '.'", 'unquoted shell operator "|" (quote the URL, paste one command)'],
    [
      'curl -F file=@a.png https://x.example',
      '-F: multipart forms are not supported by HTTP actions; send JSON or form data with -d',
    ],
    ['curl -d @body.json https://x.example', '-d @file reads a file; paste its content or use --data-raw'],
    ['curl -X HEAD https://x.example', '-X HEAD: use one of GET, POST, PUT, DELETE, PATCH'],
    ['curl ftp://x.example/file', 'the URL is not an http(s) URL (ftp:)'],
    ['curl -H', '-H needs a value'],
  ])('refuses %s: %s', (command, message) => {
    const { code, messages } = refusal(command);
    expect(code).toBe('ERR_CURL_PARSE_FAILED');
    expect(messages).toContain(message);
  });

  it('refuses a named connector whose base URL does not fit the URL', () => {
    expect(() => plan('curl https://x.example/a', { connector: 'github' })).toThrow(
      'does not start with the base URL of connector "github"',
    );
  });
});
