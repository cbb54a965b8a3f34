// A real OAuth 2.0 authorization server for tests: oidc-provider v9 on 127.0.0.1, counting every token request.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider, type Context } from 'oidc-provider';
import type { Clock } from '../../src/core/clock.js';
import { CLIENTS, clientById, clientMetadata } from './oidc-clients.js';
import { registerJwtBearerGrant, registerPasswordGrant, type VerifyKeys } from './oidc-grants.js';

export interface TokenRequestRecord {
  readonly grantType: string | undefined;
  readonly clientId: string | undefined;
  /** How the client authenticated: Basic header, form body, Client-Id/Client-Secret headers, or not at all. */
  readonly clientAuth: 'basic' | 'body' | 'headers' | 'none';
  readonly status: number;
  /** Names of the form fields sent (values stay out: they may be secret). */
  readonly fields: readonly string[];
  /** Names of the request headers sent, lower case. */
  readonly headers: readonly string[];
}

export interface OidcServer {
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly provider: Provider;
  /** Every POST /token, in order, failed ones included. */
  readonly requests: TokenRequestRecord[];
  /** Every jwt-bearer assertion received. */
  readonly assertions: string[];
  /** Keys jwt-bearer assertions are verified with, by alg; tests fill it in. */
  readonly assertionKeys: VerifyKeys;
  /** Token requests matching every given field. */
  count(filter?: Partial<TokenRequestRecord>): number;
  /** A refresh token for `clientId`, as if an authorization code grant had issued it; rotated on use. */
  issueRefreshToken(clientId?: string): Promise<string>;
  /** Deletes a refresh token, like servers without reuse detection that forget used tokens. */
  forgetRefreshToken(value: string): Promise<void>;
  /** True for an unexpired access token this server issued (any grant). */
  isActive(accessToken: string): Promise<boolean>;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const basicHeader = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

function basicClientId(authorization: string): string | undefined {
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const id = decoded.slice(0, Math.max(0, decoded.indexOf(':')));
  return decodeURIComponent(id.replace(/\+/g, '%20'));
}

/**
 * Counts token requests and, like most production servers, accepts only the client authentication method
 * each client registered (oidc-provider alone accepts Basic and body for either). Client-Id/Client-Secret
 * headers are turned into Basic for the provider.
 */
function tokenGate(records: TokenRequestRecord[]) {
  return async (ctx: Context, next: () => Promise<void>): Promise<void> => {
    if (ctx.path !== '/token' || ctx.method !== 'POST') return next();
    const raw = await readBody(ctx.req);
    ctx.req.body = raw; // oidc-provider parses a body read upstream from here
    const form = new URLSearchParams(raw.toString('utf8'));
    const headers = Object.keys(ctx.headers);
    const headerId = ctx.get('client-id');
    const authorization = ctx.get('authorization');
    let clientAuth: TokenRequestRecord['clientAuth'] = form.has('client_secret') ? 'body' : 'none';
    let clientId = form.get('client_id') ?? undefined;
    if (headerId !== '') {
      clientAuth = 'headers';
      clientId = headerId;
      ctx.headers.authorization = basicHeader(headerId, ctx.get('client-secret'));
    } else if (/^basic /i.test(authorization)) {
      clientAuth = 'basic';
      clientId = basicClientId(authorization);
    }
    const used = {
      body: 'client_secret_post',
      none: 'none',
      basic: 'client_secret_basic',
      headers: 'client_secret_basic',
    }[clientAuth];
    const registered = clientId === undefined ? undefined : clientById(clientId)?.method;
    if (registered !== undefined && registered !== used) {
      ctx.status = 401;
      if (clientAuth === 'basic') ctx.set('WWW-Authenticate', 'Basic realm="test", error="invalid_client"');
      ctx.body = { error: 'invalid_client', error_description: `${used} is not allowed for this client` };
    } else {
      await next();
    }
    const fields = [...form.keys()];
    records.push({
      grantType: form.get('grant_type') ?? undefined,
      clientId,
      clientAuth,
      status: ctx.status,
      fields,
      headers,
    });
  };
}

/** Starts the server on an ephemeral port; `clock` is what jwt-bearer assertions are checked against. */
export async function startOidcServer(options: { readonly clock: Clock }): Promise<OidcServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokenUrl = `${issuer}/token`;
  const ttl = (_ctx: unknown, _token: unknown, client: { clientId: string }): number =>
    clientById(client.clientId)?.ttlSeconds ?? 3600;
  const provider = new Provider(issuer, {
    clients: clientMetadata(),
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
    scopes: ['openid', 'offline_access', 'api:read'],
    findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
    rotateRefreshToken: true,
    ttl: { AccessToken: ttl, ClientCredentials: ttl, RefreshToken: 86_400, Grant: 86_400 },
  });
  const requests: TokenRequestRecord[] = [];
  const assertionKeys: VerifyKeys = {};
  const assertions: string[] = [];
  provider.use(tokenGate(requests));
  registerPasswordGrant(provider);
  registerJwtBearerGrant(provider, assertionKeys, tokenUrl, options.clock, assertions);
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));
  server.on('request', provider.callback());

  return {
    issuer,
    tokenUrl,
    provider,
    requests,
    assertions,
    assertionKeys,
    count: (filter = {}) =>
      requests.filter((r) => Object.entries(filter).every(([k, v]) => r[k as keyof TokenRequestRecord] === v))
        .length,
    async issueRefreshToken(clientId = CLIENTS.refresh.id) {
      const client = await provider.Client.find(clientId);
      if (client === undefined) throw new Error(`unknown client ${clientId}`);
      const scope = 'offline_access api:read';
      const grant = new provider.Grant({ accountId: 'ada', clientId });
      grant.addOIDCScope(scope);
      const grantId = await grant.save();
      return new provider.RefreshToken({
        accountId: 'ada',
        client,
        grantId,
        scope,
        gty: 'authorization_code',
      }).save();
    },
    async forgetRefreshToken(value) {
      await (await provider.RefreshToken.find(value, { ignoreExpiration: true }))?.destroy();
    },
    async isActive(accessToken) {
      const found =
        (await provider.AccessToken.find(accessToken)) ??
        (await provider.ClientCredentials.find(accessToken));
      return found !== undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
