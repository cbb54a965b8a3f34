// Mutual TLS auth: the client_certificate type, and a certificate beside any OAuth 2.0 grant (RFC 8705).
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { ClientCertificate } from '../../core/connectors/client-certificate.js';
import type { AuthMethod, StaticAuthMethod } from '../../core/ports/auth-method.js';
import type { OutboundFetch, OutboundTransports } from '../../core/ports/outbound.js';
import { clientCertificateTransport } from './client-certificate.js';
import type { MethodDeps } from './oauth2-grant.js';
import { createTokenRequester } from './token-request.js';

/** The certificate is the whole credential: nothing is added to the request, the TLS handshake carries it. */
export function clientCertificateAuth(
  connector: string,
  config: AuthOf<'client_certificate'>,
  transports: OutboundTransports | undefined,
): StaticAuthMethod {
  const { transport, description } = clientCertificateTransport(
    connector,
    config.clientCertificate,
    transports,
  );
  return {
    kind: 'static',
    transport,
    apply: () => undefined,
    describe: () => `${description} on every connection`,
  };
}

export type CertificateDeps = MethodDeps & {
  readonly fetch: OutboundFetch;
  readonly transports?: OutboundTransports | undefined;
};

/**
 * Builds a grant whose token requests, revocations and API calls all present `certificate`: RFC 8705 §2 client
 * authentication needs it at the token endpoint, and §3 certificate-bound tokens need it at the API too.
 */
export function withClientCertificate<M extends AuthMethod>(
  connector: string,
  certificate: ClientCertificate | undefined,
  deps: CertificateDeps,
  make: (deps: CertificateDeps) => M,
): M {
  if (certificate === undefined) return make(deps);
  const { transport } = clientCertificateTransport(connector, certificate, deps.transports);
  const request = createTokenRequester(transport, deps.scrubber);
  return { ...make({ ...deps, fetch: transport, request }), transport };
}
