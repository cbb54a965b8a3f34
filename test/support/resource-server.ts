// A protected API for tests: node:http on 127.0.0.1, 200 only to valid credentials (or on /public), 401 otherwise.
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/core/clock.js';
import type { VerifyKeys } from './oidc-grants.js';

export interface ResourceServerOptions {
  /** True for access tokens the authorization server issued and still honours. */
  readonly isActiveToken: (token: string) => Promise<boolean>;
  /** Accepted in `X-Api-Key`, in the `api_key` query parameter, and as `Authorization: Bearer|Token <key>`. */
  readonly apiKey: string;
  readonly basic: { readonly username: string; readonly password: string };
  /** Keys self-signed bearer JWTs are verified with, by alg; tests may fill it in later. */
  readonly jwtKeys: VerifyKeys;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  /** What `exp` of bearer JWTs is checked against. */
  readonly clock: Clock;
}

export interface SeenRequest {
  /** Which credential was accepted, or `rejected`. */
  readonly accepted: 'public' | 'api_key' | 'basic' | 'jwt' | 'oauth_token' | 'rejected';
  readonly status: number;
  /** The bearer token presented, if any. */
  readonly token?: string | undefined;
}

export interface ResourceServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  /** The next request that presents `token` answers 401, once (as after a server-side revocation). */
  rejectOnce(token: string): void;
  close(): Promise<void>;
}

async function verifyJwt(token: string, o: ResourceServerOptions): Promise<boolean> {
  try {
    const { alg } = decodeProtectedHeader(token);
    const key = alg === 'HS256' || alg === 'RS256' || alg === 'ES256' ? o.jwtKeys[alg] : undefined;
    if (key === undefined || alg === undefined) return false;
    await jwtVerify(token, key, {
      algorithms: [alg],
      issuer: o.jwtIssuer,
      audience: o.jwtAudience,
      requiredClaims: ['exp', 'iat'],
      currentDate: new Date(o.clock.now()),
    });
    return true;
  } catch {
    return false;
  }
}

async function judge(
  req: IncomingMessage,
  o: ResourceServerOptions,
  token: string | undefined,
): Promise<SeenRequest['accepted']> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/public') return 'public';
  const [scheme = '', value = ''] = (req.headers.authorization ?? '').split(' ', 2);
  if (req.headers['x-api-key'] === o.apiKey || url.searchParams.get('api_key') === o.apiKey) return 'api_key';
  if (/^token$/i.test(scheme) && value === o.apiKey) return 'api_key';
  if (/^basic$/i.test(scheme)) {
    const expected = Buffer.from(`${o.basic.username}:${o.basic.password}`, 'utf8').toString('base64');
    return value === expected ? 'basic' : 'rejected';
  }
  if (token === undefined) return 'rejected';
  if (token === o.apiKey) return 'api_key';
  if (token.split('.').length === 3) return (await verifyJwt(token, o)) ? 'jwt' : 'rejected';
  return (await o.isActiveToken(token)) ? 'oauth_token' : 'rejected';
}

export async function startResourceServer(options: ResourceServerOptions): Promise<ResourceServer> {
  const seen: SeenRequest[] = [];
  const rejectOnce = new Set<string>();
  const server = createServer((req, res) => {
    const header = req.headers.authorization ?? '';
    const token = /^bearer /i.test(header) ? header.slice(7).trim() : undefined;
    const respond = (accepted: SeenRequest['accepted']): void => {
      const status = accepted === 'rejected' ? 401 : 200;
      seen.push({ accepted, status, token });
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted }));
    };
    if (token !== undefined && rejectOnce.delete(token)) return respond('rejected');
    judge(req, options, token).then(respond, () => respond('rejected'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    rejectOnce: (token) => void rejectOnce.add(token),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
