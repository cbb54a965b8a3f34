// An OAuth 1.0a protected API on 127.0.0.1 that verifies signatures with oauth-sign, not with Ferry's code.
import { createServer, type IncomingMessage } from 'node:http';
import { verify, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { generateBase, sign } from 'oauth-sign';
import type { Clock } from '../../src/core/clock.js';

export interface OAuth1Client {
  readonly secret?: string;
  /** For RSA-SHA1: the public half of the client's key. */
  readonly publicKey?: KeyObject;
}

export interface OAuth1Verdict {
  readonly ok: boolean;
  /** oauth_problem (OAuth Problem Reporting) when refused. */
  readonly problem?: string;
  readonly method?: string;
  readonly token?: string | undefined;
  readonly signatureIn?: 'header' | 'query';
  readonly body?: string;
}

export interface OAuth1Server {
  readonly url: string;
  readonly seen: OAuth1Verdict[];
  close(): Promise<void>;
}

/** RFC 5849 §3.5.1 header: `OAuth k="v", ...`, values percent-decoded; realm dropped (§3.4.1.3.1). */
function headerParams(header: string | undefined): [string, string][] {
  if (header === undefined || !/^OAuth /i.test(header)) return [];
  return [...header.slice(6).matchAll(/([\w.~-]+)="([^"]*)"/g)]
    .map((m) => [decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? '')] as [string, string])
    .filter(([k]) => k !== 'realm');
}

const toObject = (pairs: [string, string][]): Record<string, string | string[]> => {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const seen = out[k];
    out[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  return out;
};

function judge(
  req: IncomingMessage,
  body: string,
  clients: Readonly<Record<string, OAuth1Client>>,
  tokens: Readonly<Record<string, string>>,
  clock: Clock,
  nonces: Set<string>,
): OAuth1Verdict {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  const fromHeader = headerParams(req.headers.authorization);
  const signatureIn = fromHeader.length > 0 ? 'header' : 'query';
  const form = /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
  const all = [...url.searchParams, ...fromHeader, ...(form ? [...new URLSearchParams(body)] : [])];
  const p = Object.fromEntries(all.filter(([k]) => k.startsWith('oauth_')));
  const signature = p.oauth_signature;
  const method = p.oauth_signature_method ?? '';
  const client = clients[p.oauth_consumer_key ?? ''];
  const base = { method, token: p.oauth_token, signatureIn, body } as const;
  if (client === undefined || signature === undefined)
    return { ok: false, problem: 'consumer_key_unknown', ...base };
  const tokenSecret = p.oauth_token === undefined ? '' : tokens[p.oauth_token];
  if (tokenSecret === undefined) return { ok: false, problem: 'token_rejected', ...base };
  if (Math.abs(Number(p.oauth_timestamp) - clock.now() / 1000) > 300)
    return { ok: false, problem: 'timestamp_refused', ...base };
  if (nonces.has(`${p.oauth_timestamp}:${p.oauth_nonce}`))
    return { ok: false, problem: 'nonce_used', ...base };
  nonces.add(`${p.oauth_timestamp}:${p.oauth_nonce}`);
  const params = toObject(all.filter(([k]) => k !== 'oauth_signature'));
  const baseUri = `${url.protocol}//${url.host}${url.pathname}`;
  let ok: boolean;
  if (method === 'RSA-SHA1') {
    const text = generateBase(req.method ?? 'GET', baseUri, params);
    ok =
      client.publicKey !== undefined &&
      verify('sha1', Buffer.from(text), client.publicKey, Buffer.from(signature, 'base64'));
  } else if (method === 'HMAC-SHA1' || method === 'HMAC-SHA256' || method === 'PLAINTEXT') {
    ok = sign(method, req.method ?? 'GET', baseUri, params, client.secret ?? '', tokenSecret) === signature;
  } else return { ok: false, problem: 'signature_method_rejected', ...base };
  return ok ? { ok: true, ...base } : { ok: false, problem: 'signature_invalid', ...base };
}

/** `clients` by consumer key, `tokens` maps each token to its secret; timestamps are checked against `clock`. */
export async function startOAuth1Server(
  clients: Readonly<Record<string, OAuth1Client>>,
  tokens: Readonly<Record<string, string>>,
  clock: Clock,
): Promise<OAuth1Server> {
  const seen: OAuth1Verdict[] = [];
  const nonces = new Set<string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const verdict = judge(req, Buffer.concat(chunks).toString('utf8'), clients, tokens, clock, nonces);
      seen.push(verdict);
      if (!verdict.ok)
        res.setHeader('WWW-Authenticate', `OAuth realm="test", oauth_problem="${verdict.problem ?? ''}"`);
      res
        .writeHead(verdict.ok ? 200 : 401, { 'content-type': 'application/json' })
        .end(JSON.stringify(verdict));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
