// `ferry connectors add|list|show|update|rm|test`.
import { addList, addRemove, printTestResult } from '../resource-commands.js';
import { Command } from 'commander';
import type { ConnectorTestResult, ConnectorView } from '../../http/contracts/connectors.js';
import type { KeyRotationView } from '../../http/contracts/signing-keys.js';
import { usageError } from '../cli-error.js';
import type { CommandContext } from '../context.js';
import { parseKeyValues } from '../kv-args.js';
import { printJson } from '../output.js';

const collect = (value: string, previous: string[]) => [...previous, value];

const AUTH_HELP = `
Auth types and their fields (Moveworks Creator Studio names):
  none
  api_key                    apiKey, headerAuthKey + headerAuthValuePattern (%s = key) | paramAuthParamName
  bearer                     apiKey, prefix (default Bearer)
  basic                      username, password
  oauth2_client_credentials  clientId, clientSecret, oauth2TokenUrl, clientCredentialsGrantScope,
                             oauth2ClientAuthentication (basic_auth_header | request_body | unset = try both)
  oauth2_refresh_token       clientId, clientSecret, refreshToken, oauth2TokenUrl
  oauth2_password            clientId, clientSecret, username, password, oauth2TokenUrl, scope,
                             credentialsInHeaders:=true  (deprecated by RFC 9700; use only where required)
  jwt                        privateKey, algorithm (HS256|RS256|ES256), expirySeconds, issuer, audience, subject,
                             jwtHeaders.kid, additionalClaims.x, accessTokenRequestUrl (RFC 7523 exchange)
  oauth2_authorization_code  authorizationUrl, clientId, clientSecret, oauth2TokenUrl, scope, revokeUrl,
                             revocationTokenKey (default token), revokeClientAuthentication, instructionsUrl,
                             authorizationRequestQueryParameters.prompt=consent, displayName, displayDescription
                             (per-user tokens: users consent on /connections; redirect URI /auth/oauthCallback)
  oauth1                     consumerKey, consumerSecret, signatureMethod (HMAC-SHA1|HMAC-SHA256|RSA-SHA1|PLAINTEXT),
                             privateKey (RSA-SHA1), token, tokenSecret (omit both: two-legged), realm,
                             signatureLocation (header | query)  (RFC 5849, every request signed)
  cookie                     loginUrl (URL or /path), loginMethod, username, password, loginContentType,
                             loginBody ({{username}} {{password}}), cookieNames, sessionSeconds
  client_credentials_header  tokenUrl, clientId, clientSecret, clientIdHeader, clientSecretHeader,
                             tokenPath (data.token), expiresInPath, tokenLifetimeSeconds,
                             headerAuthKey + headerAuthValuePattern (default Authorization: Bearer %s) | paramAuthParamName
  client_certificate         clientCertificate.certificate=@cert.pem clientCertificate.privateKey=@key.pem |
                             clientCertificate.pkcs12=@env:P12_BASE64 clientCertificate.passphrase=@env:P12_PASS,
                             clientCertificate.ca=@ca.pem  (mutual TLS; the server must ask for the certificate)
  ntlm                       username, password, domain (empty: local account), workstation (default FERRY)
                             (NTLMv2 on one kept-alive connection; a server offering only Negotiate gets NTLM in it)
  Every OAuth 2.0 type also takes additionalRequestData.NAME, additionalHeaders.NAME and customGrantType.
  OAuth 2.0 grants take clientCertificate.* too (RFC 8705), and oauth2ClientAuthentication tls_client_auth |
  self_signed_tls_client_auth (certificate instead of clientSecret), or private_key_jwt: Ferry signs with
  its own key (clientAssertionAlgorithm RS256|ES256, clientAssertionAudience, clientAssertionLifetimeSeconds);
  register <ferry>/.well-known/jwks.json as the client's jwks_uri; 'ferry connectors rotate-key NAME' rotates it.
Values: key=value, key:=json, key=@file, key=@- (stdin), key=@env:VAR (keeps secrets out of shell history).`;

export function connectorsCommand(ctx: CommandContext): Command {
  const cmd = new Command('connectors').description('manage connectors (base URL + auth config)');

  cmd
    .command('add')
    .description('create a connector')
    .argument('<name>', 'connector name (lowercase, digits, - and _)')
    .requiredOption('--base-url <url>', 'base URL the HTTP actions are relative to')
    .option('--type <auth-type>', 'auth type (see below)', 'none')
    .option('--auth <key=value>', 'an auth field; repeat for each', collect, [])
    .option('--description <text>', 'what the connector is for')
    .option('--test-path <path>', 'path `connectors test` calls, e.g. /api/me')
    .addHelpText(
      'after',
      `${AUTH_HELP}\n\nExample:\n  ferry connectors add servicenow --base-url https://acme.service-now.com \\\n    --type oauth2_client_credentials --auth clientId=ferry --auth clientSecret=@env:SN_SECRET \\\n    --auth oauth2TokenUrl=https://acme.service-now.com/oauth_token.do --test-path /api/now/table/sys_user?sysparm_limit=1`,
    )
    .action(
      async (
        name: string,
        o: { baseUrl: string; type: string; auth: string[]; description?: string; testPath?: string },
      ) => {
        const auth = { type: o.type, ...(await parseKeyValues(o.auth, ctx.io)) };
        const body = { name, baseUrl: o.baseUrl, auth, description: o.description, testPath: o.testPath };
        show(ctx, await ctx.api().call<ConnectorView>('POST', '/connectors', body));
      },
    );

  addList(
    cmd,
    ctx,
    ['list connectors', '/connectors'],
    ['name', 'type', 'baseUrl', 'description'],
    (c: ConnectorView) => ({
      ...c,
      type: c.auth.type,
    }),
  );

  cmd
    .command('show')
    .description('show one connector (secrets appear only as {"set":true})')
    .argument('<name>')
    .action(async (name: string) =>
      show(ctx, await ctx.api().call<ConnectorView>('GET', `/connectors/${enc(name)}`)),
    );

  cmd
    .command('update')
    .description('change a connector; auth fields not given keep their values')
    .argument('<name>')
    .option('--base-url <url>')
    .option('--type <auth-type>', 'a new auth type (then give every field it needs)')
    .option('--auth <key=value>', 'an auth field to change; repeat for each', collect, [])
    .option('--description <text>')
    .option('--test-path <path>', 'path `connectors test` calls ("" removes it)')
    .addHelpText(
      'after',
      '\nExample:\n  ferry connectors update servicenow --auth clientSecret=@env:NEW_SECRET',
    )
    .action(
      async (
        name: string,
        o: { baseUrl?: string; type?: string; auth: string[]; description?: string; testPath?: string },
      ) => {
        const fields = await parseKeyValues(o.auth, ctx.io);
        const body: Record<string, unknown> = { baseUrl: o.baseUrl, description: o.description };
        if (o.testPath !== undefined) body.testPath = o.testPath === '' ? null : o.testPath;
        if (o.type !== undefined || o.auth.length > 0)
          body.auth = { ...(o.type ? { type: o.type } : {}), ...fields };
        if (Object.values(body).every((v) => v === undefined))
          throw usageError('nothing to change; give at least one option');
        show(ctx, await ctx.api().call<ConnectorView>('PATCH', `/connectors/${enc(name)}`, body));
      },
    );

  addRemove(
    cmd,
    ctx,
    ['rm <name>', 'delete a connector and its stored tokens'],
    '/connectors',
    'deleted connector',
  );

  cmd
    .command('test')
    .description('obtain credentials and call the test path; prints what was sent, secrets masked')
    .argument('<name>')
    .action(async (name: string) => {
      const result = await ctx.api().call<ConnectorTestResult>('POST', `/connectors/${enc(name)}/test`);
      printTestResult(
        ctx,
        result,
        result.ok
          ? `ok: connector ${name} works\n`
          : `failed: ${result.error?.message ?? 'see steps'} (${result.error?.code ?? ''})\n`,
      );
    });

  cmd
    .command('rotate-key')
    .description(
      'new private_key_jwt signing key; the old one stays in /.well-known/jwks.json until its assertions expire',
    )
    .argument('<name>')
    .action(async (name: string) => {
      const r = await ctx.api().call<KeyRotationView>('POST', `/connectors/${enc(name)}/rotate-key`);
      if (ctx.json()) return printJson(ctx.io, r);
      ctx.io.out(`connector ${name} now signs with key ${r.kid} (${r.alg})\n`);
      if (r.previousKid !== undefined)
        ctx.io.out(`key ${r.previousKid} stays published until ${r.previousPublishedUntil ?? ''}\n`);
    });

  cmd.addHelpText('after', AUTH_HELP);
  return cmd;
}

function show(ctx: CommandContext, c: ConnectorView): void {
  printJson(ctx.io, c);
}

const enc = encodeURIComponent;
