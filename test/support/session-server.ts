// An API on 127.0.0.1 with a cookie login and a header client-credentials token endpoint; expiry on a test clock.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../src/core/clock.js';

export interface SessionServerOptions {
  readonly clock: Clock;
  readonly user: { readonly username: string; readonly password: string };
  readonly client: { readonly id: string; readonly secret: string };
  /** Lifetime of sessions (Max-Age of `sid`) and tokens (`data.expires`), in seconds. */
  readonly ttlSeconds: number;
}

export interface SessionServer {
  readonly url: string;
  /** Login requests (POST /auth/login) and token requests (POST /oauth/token), with their answers. */
  readonly logins: { status: number; contentType: string | undefined }[];
  readonly tokenRequests: { status: number; headers: string[] }[];
  /** Every session id and token handed out (the leak check looks for them). */
  readonly issued: string[];
  /** Ends every session and token on the server side, as a restart of the API would. */
  revokeAll(): void;
  close(): Promise<void>;
}

const cookiesOf = (req: IncomingMessage): Map<string, string> =>
  new Map(
    (req.headers.cookie ?? '')
      .split(/;\s*/)
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as [string, string]),
  );

export async function startSessionServer(o: SessionServerOptions): Promise<SessionServer> {
  const sessions = new Map<string, number>();
  const tokens = new Map<string, number>();
  const logins: SessionServer['logins'] = [];
  const tokenRequests: SessionServer['tokenRequests'] = [];
  const issued: string[] = [];
  const live = (map: Map<string, number>, key: string | undefined): boolean =>
    key !== undefined && (map.get(key) ?? 0) > o.clock.now();
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const type = req.headers['content-type'];
      if (url.pathname === '/auth/login') {
        const creds: Record<string, unknown> = /json/.test(type ?? '')
          ? (JSON.parse(text || '{}') as Record<string, unknown>)
          : Object.fromEntries(new URLSearchParams(text));
        const ok = creds.user === o.user.username && creds.pass === o.user.password;
        logins.push({ status: ok ? 200 : 401, contentType: type });
        if (!ok) return send(res, 401, { error: 'bad credentials' });
        const sid = randomBytes(16).toString('hex');
        const csrf = randomBytes(8).toString('hex');
        issued.push(sid, csrf);
        sessions.set(sid, o.clock.now() + o.ttlSeconds * 1000);
        const expires = new Date(o.clock.now() + 2 * o.ttlSeconds * 1000).toUTCString();
        res.setHeader('Set-Cookie', [
          `sid=${sid}; Max-Age=${o.ttlSeconds}; Path=/; HttpOnly`,
          `csrf=${csrf}; Expires=${expires}; Path=/`,
          'tracking=gone; Max-Age=0; Path=/',
        ]);
        return send(res, 200, { ok: true });
      }
      if (url.pathname === '/oauth/token') {
        const ok =
          req.headers['x-client-id'] === o.client.id && req.headers['x-client-secret'] === o.client.secret;
        tokenRequests.push({ status: ok ? 200 : 401, headers: Object.keys(req.headers) });
        if (!ok) return send(res, 401, { error: 'unknown client' });
        const token = `tok-${randomBytes(16).toString('hex')}`;
        issued.push(token);
        tokens.set(token, o.clock.now() + o.ttlSeconds * 1000);
        return send(res, 200, { data: { token, expires: String(o.ttlSeconds) } });
      }
      const bearer = /^Token (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const viaToken =
        live(tokens, bearer) || live(tokens, url.searchParams.get('access_token') ?? undefined);
      const cookies = cookiesOf(req);
      const viaCookie = live(sessions, cookies.get('sid')) && cookies.has('csrf') && !cookies.has('tracking');
      if (viaToken || viaCookie)
        return send(res, 200, { via: viaToken ? 'token' : 'cookie', path: url.pathname });
      return send(res, 401, { error: 'unauthorized' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    logins,
    tokenRequests,
    issued,
    revokeAll: () => {
      sessions.clear();
      tokens.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
