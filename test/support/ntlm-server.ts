// An NTLMv2 server (MS-NLMP, MS-NTHT) on 127.0.0.1, written from the spec apart from Ferry's client: it checks
// NTProofStr with the user's password and the MIC, and ties the authenticated user to the TCP connection.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { md4 } from 'hash-wasm';
import { listenLocally } from './listen-locally.js';

export interface NtlmServer {
  readonly url: string;
  /** One entry per request: the scheme it carried, its message type, and the connection number. */
  readonly seen: { connection: number; type?: number; authorized: boolean; body: string }[];
  /** Authorization header values as sent, for the leak check. */
  readonly tokens: string[];
  close(): Promise<void>;
}

export interface NtlmAccount {
  readonly user: string;
  readonly domain: string;
  readonly password: string;
}

const hmac = (key: Buffer, ...parts: Buffer[]) => {
  const h = createHmac('md5', key);
  parts.forEach((p) => h.update(p));
  return h.digest();
};
const field = (m: Buffer, at: number) =>
  m.subarray(m.readUInt32LE(at + 4), m.readUInt32LE(at + 4) + m.readUInt16LE(at));

function challengeMessage(serverChallenge: Buffer, stamp: Buffer): Buffer {
  const name = Buffer.from('TESTDOM', 'utf16le');
  const av = (id: number, v: Buffer) => Buffer.concat([Buffer.from([id, 0, v.length, 0]), v]);
  const info = Buffer.concat([
    av(2, name),
    av(1, Buffer.from('SERVER', 'utf16le')),
    av(7, stamp),
    av(0, Buffer.alloc(0)),
  ]);
  const head = Buffer.alloc(56);
  head.write('NTLMSSP\0', 0, 'latin1');
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(0x02898205, 20);
  serverChallenge.copy(head, 24);
  head.writeUInt16LE(info.length, 40);
  head.writeUInt16LE(info.length, 42);
  head.writeUInt32LE(56 + name.length, 44);
  return Buffer.concat([head, name, info]);
}

interface ConnectionState {
  readonly n: number;
  negotiate?: Buffer | undefined;
  challenge?: Buffer | undefined;
  user?: string | undefined;
}

/**
 * `offer` is the WWW-Authenticate the server sends: `NTLM`, `Negotiate` alone (NTLM tokens inside Negotiate), or
 * both as IIS does; it takes NTLM messages in any scheme it offers and answers in the scheme the client used.
 */
export async function startNtlmServer(
  account: NtlmAccount,
  offer: 'NTLM' | 'Negotiate' | 'Negotiate, NTLM',
): Promise<NtlmServer> {
  const schemes = offer.split(', ');
  const states = new WeakMap<Socket, ConnectionState>();
  const seen: NtlmServer['seen'] = [];
  const tokens: string[] = [];
  let connections = 0;
  const ntHash = Buffer.from(await md4(Buffer.from(account.password, 'utf16le')), 'hex');
  const key = hmac(ntHash, Buffer.from(account.user.toUpperCase() + account.domain, 'utf16le'));

  const verify = (state: ConnectionState, msg: Buffer): boolean => {
    if (state.challenge === undefined || state.negotiate === undefined) return false;
    const user = field(msg, 36).toString('utf16le');
    const domain = field(msg, 28).toString('utf16le');
    if (user.toUpperCase() !== account.user.toUpperCase() || domain !== account.domain) return false;
    const nt = field(msg, 20);
    const proof = hmac(key, state.challenge.subarray(24, 32), nt.subarray(16));
    if (!proof.equals(nt.subarray(0, 16))) return false;
    const zeroed = Buffer.from(msg);
    zeroed.fill(0, 72, 88);
    const mic = hmac(hmac(key, proof), state.negotiate, state.challenge, zeroed);
    return mic.equals(msg.subarray(72, 88));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString();
    let state = states.get(req.socket);
    if (state === undefined) {
      state = { n: ++connections };
      states.set(req.socket, state);
    }
    const header = req.headers.authorization ?? '';
    const [given, token] = header.split(' ');
    const scheme = schemes.find((name) => name === given);
    const msg = scheme !== undefined && token !== undefined ? Buffer.from(token, 'base64') : undefined;
    if (header !== '') tokens.push(header);
    const type = msg?.readUInt32LE(8);
    const deny = (extra?: string) => {
      res.writeHead(401, { 'www-authenticate': extra === undefined ? offer : `${scheme} ${extra}` });
      res.end('{"error":"unauthorized"}');
    };
    if (type === 1) {
      state.negotiate = msg;
      const stamp = Buffer.alloc(8);
      stamp.writeBigUInt64LE((BigInt(Date.now()) + 11_644_473_600_000n) * 10_000n);
      state.challenge = challengeMessage(randomBytes(8), stamp);
      seen.push({ connection: state.n, type, authorized: false, body });
      return deny(state.challenge.toString('base64'));
    }
    if (type === 3 && msg !== undefined && verify(state, msg)) state.user = account.user;
    else if (type === 3) state.user = undefined;
    state.negotiate = undefined;
    state.challenge = undefined;
    const authorized = state.user !== undefined;
    seen.push({ connection: state.n, ...(type === undefined ? {} : { type }), authorized, body });
    if (!authorized) return deny();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ user: state.user, connection: state.n, body }));
  };
  const server = createServer((req, res) => void handle(req, res));
  server.keepAliveTimeout = 30_000;
  const { port, close } = await listenLocally(server);
  return { url: `http://127.0.0.1:${port}`, seen, tokens, close };
}
