// oidc-provider over HTTPS on 127.0.0.1 with RFC 8705 mTLS and private_key_jwt clients; every secret is test-only.
import { createPublicKey, type X509Certificate } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { decodeProtectedHeader } from 'jose';
import { Provider, type Context } from 'oidc-provider';
import type { ClientCert } from './client-certs.js';
import { createSelfSignedCert } from './tls.js';

export const MTLS_CLIENTS = {
  selfSigned: { id: 'mtls-self-signed' },
  basic: { id: 'mtls-basic', secret: 'mtls-basic-secret-61c9e2a7f3' },
  privateKeyJwt: { id: 'pkjwt-client' },
} as const;

export interface MtlsOidcServer {
  readonly issuer: string;
  readonly tokenUrl: string;
  /** PEM of the server certificate, the CA a client must trust. */
  readonly ca: string;
  /** Client authentication methods of the token requests that succeeded or failed, in order. */
  readonly requests: { clientId: string | undefined; status: number; assertionKid?: string | undefined }[];
  /** Every client_assertion received (private_key_jwt). */
  readonly assertions: string[];
  /** `x5t#S256` of the access token (RFC 8705 §3.1), undefined when unknown or not bound. */
  boundThumbprint(accessToken: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const peerOf = (ctx: Context): X509Certificate | undefined =>
  (ctx.req.socket as Partial<TLSSocket>).getPeerX509Certificate?.() ?? undefined;

/**
 * TLS requires one of `trusted` client certificates (so even client_secret_basic runs over mTLS); the
 * self-signed client registers `cert` (RFC 8705 §2.2), the private_key_jwt client fetches keys from `jwksUri`.
 */
export async function startMtlsOidcServer(options: {
  readonly cert: ClientCert;
  readonly trusted: readonly string[];
  readonly jwksUri?: string;
  /** Plain HTTP without client certificates (for private_key_jwt alone). */
  readonly plain?: boolean;
}): Promise<MtlsOidcServer> {
  const own = createSelfSignedCert('localhost');
  const server = options.plain
    ? createHttpServer()
    : createServer({
        cert: own.cert,
        key: own.key,
        ca: [...options.trusted],
        requestCert: true,
        rejectUnauthorized: true,
      });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `${options.plain ? 'http' : 'https'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicJwk = createPublicKey(options.cert.key).export({ format: 'jwk' });
  const common = { grant_types: ['client_credentials'], redirect_uris: [], response_types: [] };
  const provider = new Provider(issuer, {
    clients: [
      {
        ...common,
        client_id: MTLS_CLIENTS.selfSigned.id,
        token_endpoint_auth_method: 'self_signed_tls_client_auth',
        tls_client_certificate_bound_access_tokens: true,
        jwks: { keys: [{ ...publicJwk, x5c: [options.cert.der] }] },
      },
      {
        ...common,
        client_id: MTLS_CLIENTS.basic.id,
        client_secret: MTLS_CLIENTS.basic.secret,
        token_endpoint_auth_method: 'client_secret_basic',
        tls_client_certificate_bound_access_tokens: true,
      },
      ...(options.jwksUri === undefined
        ? []
        : [
            {
              ...common,
              client_id: MTLS_CLIENTS.privateKeyJwt.id,
              token_endpoint_auth_method: 'private_key_jwt',
              jwks_uri: options.jwksUri,
            },
          ]),
    ],
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      mTLS: {
        enabled: true,
        selfSignedTlsClientAuth: true,
        certificateBoundAccessTokens: true,
        getCertificate: peerOf,
        certificateAuthorized: (ctx: Context) => (ctx.req.socket as TLSSocket).authorized,
        certificateSubjectMatches: () => false,
      },
    },
    scopes: ['api:read'],
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt', 'self_signed_tls_client_auth', 'none'],
    // The jwks_uri is on 127.0.0.1, which oidc-provider's own SSRF guard refuses; tests call it directly.
    fetch: (url: string, init: RequestInit & { dispatcher?: unknown }) => {
      delete init.dispatcher;
      return fetch(url, init);
    },
  });
  const requests: MtlsOidcServer['requests'] = [];
  const assertions: string[] = [];
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token') return;
    const assertion = ctx.oidc?.params.client_assertion;
    const assertionKid = assertion === undefined ? undefined : decodeProtectedHeader(assertion).kid;
    if (assertion !== undefined) assertions.push(assertion);
    requests.push({ clientId: ctx.oidc?.client?.clientId, status: ctx.status, assertionKid });
  });
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error', err));
  server.on('request', provider.callback());
  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    ca: own.cert,
    requests,
    assertions,
    async boundThumbprint(accessToken) {
      const token = (await provider.ClientCredentials.find(accessToken)) as
        (Record<string, unknown> & { 'x5t#S256'?: string }) | undefined;
      return token?.['x5t#S256'];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
