// A real oidc-provider on 127.0.0.1 with browser interactions: the organisation's sign-in provider and a third-party
// authorization server (authorization code, refresh rotation, RFC 7009 revocation), plus an API its tokens open.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Provider } from 'oidc-provider';

/** Test-only clients: Ferry's sign-in client and the client of an authorization-code connector. */
export const SIGN_IN_CLIENT = { id: 'ferry-signin', secret: 'signin-secret-3f9a7c21d4e8b6' } as const;
export const CONNECTOR_CLIENT = { id: 'crm-app', secret: 'crm-app-secret-8b2e6f4a1c9d' } as const;

export interface ConsentServer {
  readonly issuer: string;
  readonly provider: Provider;
  /** Every POST to the revocation endpoint, with its status and the form fields sent (names only). */
  readonly revocations: { status: number; fields: string[] }[];
  /** Every code, verifier and token that crossed the token endpoint (requests and responses), for leak checks. */
  readonly secrets: string[];
  /** Every token request's grant_type and status. */
  readonly tokenRequests: { grantType: string | undefined; status: number }[];
  /** The API: GET /me answers the account of an active bearer token, else 401. */
  readonly apiUrl: string;
  /** Bearer tokens the API saw, in order. */
  readonly apiTokens: string[];
  /** The next API request with this token answers 401 (as after expiry), once. */
  rejectOnce(token: string): void;
  isActive(accessToken: string): Promise<boolean>;
  /** When set, the revocation endpoint answers 503 (a provider that is down). */
  failRevocation: boolean;
  close(): Promise<void>;
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

/** `ferryUrl` is where Ferry will listen: the provider only redirects to registered URIs. */
export async function startConsentServer(ferryUrl: string): Promise<ConsentServer> {
  const server = createServer();
  const issuer = await listen(server);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: SIGN_IN_CLIENT.id,
        client_secret: SIGN_IN_CLIENT.secret,
        grant_types: ['authorization_code'],
        redirect_uris: [`${ferryUrl}/auth/signin/callback`],
      },
      {
        client_id: CONNECTOR_CLIENT.id,
        client_secret: CONNECTOR_CLIENT.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code', 'refresh_token'],
        redirect_uris: [`${ferryUrl}/auth/oauthCallback`],
      },
    ],
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    scopes: ['openid', 'email', 'offline_access', 'api:read'],
    claims: { email: ['email', 'email_verified'] },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, email: sub, email_verified: true }),
    }),
    pkce: { required: () => true },
    rotateRefreshToken: true,
    ttl: { AccessToken: 3600, RefreshToken: 86_400, Grant: 86_400, Session: 86_400, Interaction: 600 },
  });
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));
  const out: ConsentServer = {
    issuer,
    provider,
    revocations: [],
    tokenRequests: [],
    apiUrl: '',
    apiTokens: [],
    secrets: [],
    failRevocation: false,
    rejectOnce: (token) => rejected.add(token),
    isActive: async (token) => (await provider.AccessToken.find(token)) !== undefined,
    close: async () => {
      for (const s of [server, api]) s.closeAllConnections();
      await Promise.all([server, api].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
  const callback = provider.callback();
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    // The dev interactions have no "deny" button: this is the user declining, as a provider reports it.
    const deny = /^\/interaction\/([^/]+)\/deny$/.exec(path);
    if (deny) {
      void provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'declined' });
      return;
    }
    if (path === '/token/revocation' && out.failRevocation) {
      res.writeHead(503).end();
      out.revocations.push({ status: 503, fields: [] });
      return;
    }
    if (req.method === 'POST' && (path === '/token' || path === '/token/revocation')) {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const form = new URLSearchParams(raw.toString('utf8'));
        (req as typeof req & { body?: unknown }).body = raw;
        for (const key of ['code', 'code_verifier', 'refresh_token', 'token']) {
          const value = form.get(key);
          if (value) out.secrets.push(value);
        }
        const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => typeof res;
        res.end = ((chunk?: unknown, ...rest: unknown[]) => {
          if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) collectTokens(String(chunk), out.secrets);
          return end(chunk, ...rest);
        }) as typeof res.end;
        res.on('finish', () => {
          if (path === '/token')
            out.tokenRequests.push({
              grantType: form.get('grant_type') ?? undefined,
              status: res.statusCode,
            });
          else out.revocations.push({ status: res.statusCode, fields: [...form.keys()] });
        });
        callback(req, res);
      });
      return;
    }
    callback(req, res);
  });

  const rejected = new Set<string>();
  const api = createServer((req, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token !== undefined) out.apiTokens.push(token);
    void (async () => {
      const found =
        token === undefined || rejected.delete(token) ? undefined : await provider.AccessToken.find(token);
      const [status, body] =
        found === undefined ? [401, { error: 'invalid_token' }] : [200, { account: found.accountId }];
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    })();
  });
  (out as { apiUrl: string }).apiUrl = await listen(api);
  return out;
}

function collectTokens(body: string, into: string[]): void {
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    for (const key of ['access_token', 'refresh_token', 'id_token'])
      if (typeof json[key] === 'string') into.push(json[key]);
  } catch {
    // not JSON: nothing issued
  }
}
