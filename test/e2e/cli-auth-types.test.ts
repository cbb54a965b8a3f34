// `ferry connectors add` with each newer auth type against a real server: stored, secrets kept out, bad input refused.
import { join } from 'node:path';
import { AUTH_TYPES } from '../../src/core/connectors/auth-config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argv, cliRunner, type CliRun } from '../support/cli-runner.js';
import { createClientCert, type ClientCert } from '../support/client-certs.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';
import { databaseText, findLeaks } from '../support/secret-leaks.js';

let ferry: TestFerry;
let cert: ClientCert;
let other: ClientCert;
beforeAll(async () => {
  ferry = await startTestFerry();
  cert = createClientCert('ferry-cli');
  other = createClientCert('someone-else');
});
afterAll(async () => {
  await ferry.server.close();
});

const ferryCli = cliRunner(() => ferry);
/** Every secret the cases hand over, each through an environment variable so argv never holds it. */
const SECRETS: Record<string, string> = {
  CONSUMER_SECRET: 'cli-consumer-secret-5b1e',
  TOKEN_SECRET: 'cli-token-secret-90af',
  COOKIE_PW: 'cli-cookie-password-77c3',
  HEADER_SECRET: 'cli-header-secret-3d2a',
  NTLM_PW: 'cli-ntlm-password-e419',
};
/** The PEM key's body lines, which must never come back (its BEGIN line is no secret). */
const keyBody = (pem: string) => pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
const env = () => ({ ...SECRETS, CERT: cert.cert, KEY: cert.key, OTHER_KEY: other.key });
const secrets = () => [...Object.values(SECRETS), ...keyBody(cert.key), ...keyBody(other.key)];

interface Case {
  readonly type: string;
  /** `--type` given to the CLI (private_key_jwt is a client authentication of an OAuth 2.0 grant). */
  readonly cliType: string;
  readonly auth: readonly string[];
  /** Fields read back: secret ones as {"set": true}. */
  readonly stored: Record<string, unknown>;
  readonly bad: readonly string[];
  /** A path named in the refusal, and words of its message. */
  readonly problem: RegExp;
}

const CASES: readonly Case[] = [
  {
    type: 'oauth1',
    cliType: 'oauth1',
    auth: [
      'consumerKey=ck',
      'consumerSecret=@env:CONSUMER_SECRET',
      'token=t',
      'tokenSecret=@env:TOKEN_SECRET',
    ],
    stored: { consumerKey: 'ck', consumerSecret: { set: true }, tokenSecret: { set: true } },
    bad: ['consumerKey=ck', 'signatureMethod=HMAC-SHA256', 'tokenSecret=@env:TOKEN_SECRET'],
    problem: /- auth\.consumerSecret: .*needs consumerSecret[\s\S]*- auth\.token: .*token is needed/,
  },
  {
    type: 'cookie',
    cliType: 'cookie',
    auth: ['loginUrl=/login', 'username=svc', 'password=@env:COOKIE_PW', 'cookieNames:=["JSESSIONID"]'],
    stored: { loginUrl: '/login', username: 'svc', password: { set: true }, cookieNames: ['JSESSIONID'] },
    bad: ['loginUrl=/login', 'loginMethod=GET', 'loginBody=x', 'username=svc', 'password=@env:COOKIE_PW'],
    problem: /- auth\.loginBody: .*GET login sends no body/,
  },
  {
    type: 'client_credentials_header',
    cliType: 'client_credentials_header',
    auth: ['tokenUrl=/token', 'clientId=ferry', 'clientSecret=@env:HEADER_SECRET', 'tokenPath=data.token'],
    stored: { tokenUrl: '/token', clientId: 'ferry', clientSecret: { set: true }, tokenPath: 'data.token' },
    bad: ['clientId=ferry', 'clientSecret=@env:HEADER_SECRET', 'tokenPath=data..token'],
    problem: /- auth\.tokenUrl: is required[\s\S]*- auth\.tokenPath: .*dotted path/,
  },
  {
    type: 'client_certificate',
    cliType: 'client_certificate',
    auth: ['clientCertificate.certificate=@env:CERT', 'clientCertificate.privateKey=@env:KEY'],
    stored: { clientCertificate: { certificate: { set: true }, privateKey: { set: true } } },
    bad: ['clientCertificate.certificate=@env:CERT', 'clientCertificate.privateKey=@env:OTHER_KEY'],
    problem: /- auth\.clientCertificate: /,
  },
  {
    type: 'ntlm',
    cliType: 'ntlm',
    auth: ['username=grace', 'password=@env:NTLM_PW', 'domain=CORP'],
    stored: { username: 'grace', password: { set: true }, domain: 'CORP', workstation: 'FERRY' },
    bad: ['username=grace', 'password=@env:NTLM_PW', 'workstation=A-MACHINE-NAME-TOO-LONG'],
    problem: /- auth\.workstation: /,
  },
  {
    type: 'private_key_jwt',
    cliType: 'oauth2_client_credentials',
    auth: [
      'clientId=ferry',
      'oauth2TokenUrl=https://idp.example.test/token',
      'oauth2ClientAuthentication=private_key_jwt',
    ],
    stored: { type: 'oauth2_client_credentials', oauth2ClientAuthentication: 'private_key_jwt' },
    bad: [
      'clientId=ferry',
      'oauth2TokenUrl=https://idp.example.test/token',
      'oauth2ClientAuthentication=private_key_jwt',
      'clientAssertionAlgorithm=HS256',
    ],
    problem: /- auth\.clientAssertionAlgorithm: /,
  },
];

const add = (name: string, c: Case, auth: readonly string[]): Promise<CliRun> =>
  ferryCli(
    [
      ...argv`connectors add ${name} --base-url https://api.example.test --type ${c.cliType}`,
      ...auth.flatMap((a) => ['--auth', a]),
    ],
    env(),
  );

const outputs: { where: string; text: string }[] = [];

describe('ferry connectors add, each newer auth type', () => {
  it.each(CASES)('adds a $type connector and reads it back without its secrets', async (c) => {
    const name = `cli-${c.type.replaceAll('_', '-')}`;
    const added = await add(name, c, c.auth);
    outputs.push({ where: `add ${c.type}`, text: added.out + added.err });
    expect(added.code, added.err).toBe(0);
    const shown = await ferryCli(['connectors', 'show', name]);
    outputs.push({ where: `show ${c.type}`, text: shown.out + shown.err });
    const view = JSON.parse(shown.out) as { auth: Record<string, unknown> };
    expect(view.auth).toMatchObject({ type: c.cliType, ...c.stored });
    const list = await ferryCli(['connectors', 'list']);
    expect(list.out).toMatch(new RegExp(`${name}\\s+${c.cliType}\\s`));
  });

  it.each(CASES)('refuses a bad $type config with exit 1, naming the field and no secret', async (c) => {
    const refused = await add(`bad-${c.type.replaceAll('_', '-')}`, c, c.bad);
    outputs.push({ where: `bad ${c.type}`, text: refused.out + refused.err });
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('ERR_REQUEST_VALIDATION');
    expect(refused.err).toMatch(c.problem);
  });

  it('keeps every secret out of the output, the logs and the database file', async () => {
    const texts = [
      ...outputs,
      { where: 'logs', text: ferry.logs.join('\n') },
      { where: 'database', text: await databaseText(join(ferry.dataDir, 'ferry.db')) },
    ];
    expect(outputs.length).toBe(CASES.length * 3);
    expect(findLeaks(texts, secrets())).toEqual([]);
  });

  it('lists every auth type in `connectors add --help`', async () => {
    const help = await ferryCli(['connectors', 'add', '--help']);
    for (const type of AUTH_TYPES) expect(help.out).toMatch(new RegExp(`^  ${type}\\s`, 'm'));
    expect(help.out).toContain('private_key_jwt');
  });
});
