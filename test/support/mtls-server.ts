// A real HTTPS server on 127.0.0.1 that requires a client certificate (requestCert, rejectUnauthorized).
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { listenLocally } from './listen-locally.js';
import { createSelfSignedCert } from './tls.js';

export interface MtlsSeen {
  readonly path: string;
  /** CN of the client certificate the TLS handshake verified. */
  readonly clientCn: string;
  /** RFC 8705 §3.1 thumbprint of that certificate. */
  readonly thumbprint: string;
  readonly authorization: string | undefined;
}

export interface MtlsServer {
  readonly url: string;
  /** PEM of the server's certificate: the CA a client must trust. */
  readonly ca: string;
  readonly seen: MtlsSeen[];
  readonly server: Server;
  close(): Promise<void>;
}

/**
 * Trusts only `clientCas`; a handshake without one of their certificates fails. `handle` may answer instead
 * of the default 200 `{ cn }` (a resource server checking a certificate-bound token, say).
 */
export async function startMtlsServer(
  clientCas: readonly string[],
  handle?: (seen: MtlsSeen) => Promise<{ status: number; body: unknown }>,
): Promise<MtlsServer> {
  const own = createSelfSignedCert('localhost');
  const seen: MtlsSeen[] = [];
  const server = createServer(
    { cert: own.cert, key: own.key, ca: [...clientCas], requestCert: true, rejectUnauthorized: true },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerX509Certificate();
      const record: MtlsSeen = {
        path: req.url ?? '',
        clientCn: peer?.subject.replace(/^CN=/, '') ?? '',
        thumbprint:
          peer === undefined
            ? ''
            : Buffer.from(peer.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url'),
        authorization: req.headers.authorization,
      };
      seen.push(record);
      void (handle?.(record) ?? Promise.resolve({ status: 200, body: { cn: record.clientCn } })).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        },
      );
    },
  );
  const { port, close } = await listenLocally(server);
  return { url: `https://127.0.0.1:${port}`, ca: own.cert, seen, server, close };
}
