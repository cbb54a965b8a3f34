// Loads a connector's TLS client certificate (PEM pair or PKCS#12) and says, without quoting it, what is wrong.
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { ClientCertificate } from '../../core/connectors/client-certificate.js';
import { FerryError } from '../../core/errors.js';
import type { ClientTls, OutboundTransport, OutboundTransports } from '../../core/ports/outbound.js';

/** Forms turn line breaks into the two characters `\n`; PEM chains keep every block. */
const pemText = (text: string | undefined): string | undefined => text?.replace(/\\r\\n|\\n|\\r/g, '\n');

/** The node:tls options of a certificate config. */
export function clientTlsOf(config: ClientCertificate): ClientTls {
  return {
    cert: pemText(config.certificate),
    key: pemText(config.privateKey),
    pfx: config.pkcs12 === undefined ? undefined : Buffer.from(config.pkcs12.replace(/\s+/g, ''), 'base64'),
    passphrase: config.passphrase,
    ca: pemText(config.ca),
  };
}

/** OpenSSL's reasons, in words a user can act on; the passphrase and key never appear. */
function problemOf(error: unknown, config: ClientCertificate): string {
  const text = error instanceof Error ? error.message.toLowerCase() : '';
  const pkcs12 = config.pkcs12 !== undefined;
  if (text.includes('mac verify failure') || text.includes('bad decrypt') || text.includes('bad password'))
    return config.passphrase === undefined
      ? `the ${pkcs12 ? 'PKCS#12 file' : 'private key'} is encrypted: set passphrase`
      : `the passphrase does not open the ${pkcs12 ? 'PKCS#12 file' : 'private key'}`;
  if (text.includes('key values mismatch')) return 'the private key does not belong to the certificate';
  if (text.includes('unsupported'))
    return 'the PKCS#12 file uses an algorithm OpenSSL 3 no longer supports (RC2/3DES); export it again with AES';
  if (pkcs12) return 'pkcs12 is not a PKCS#12 (.p12/.pfx) file encoded as base64';
  return 'the certificate or private key does not parse as PEM';
}

export type LoadedCertificate =
  { readonly tls: ClientTls; readonly description: string } | { readonly problem: string };

/** Loads the certificate into a TLS context once, so a bad passphrase or key is found before any request. */
export function loadClientCertificate(config: ClientCertificate): LoadedCertificate {
  const tls = clientTlsOf(config);
  try {
    createSecureContext({
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
      ...(tls.pfx === undefined ? {} : { pfx: Buffer.from(tls.pfx) }),
      ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
    });
  } catch (e) {
    return { problem: problemOf(e, config) };
  }
  return { tls, description: describe(tls) };
}

function describe(tls: ClientTls): string {
  if (tls.cert === undefined) return 'TLS client certificate (PKCS#12)';
  try {
    const x509 = new X509Certificate(tls.cert);
    const subject = x509.subject.replace(/\n/g, ', ');
    return `TLS client certificate (${subject}, valid until ${new Date(x509.validTo).toISOString()})`;
  } catch {
    return 'TLS client certificate';
  }
}

/**
 * A transport that presents the certificate on every TLS connection. Throws FerryError
 * ERR_AUTH_CERTIFICATE_INVALID naming the connector and what is wrong, never the secret.
 */
export function clientCertificateTransport(
  connector: string,
  config: ClientCertificate,
  transports: OutboundTransports | undefined,
): { readonly transport: OutboundTransport; readonly description: string } {
  const loaded = loadClientCertificate(config);
  if ('problem' in loaded)
    throw new FerryError(
      'ERR_AUTH_CERTIFICATE_INVALID',
      `connector "${connector}": auth.clientCertificate: ${loaded.problem}`,
    );
  if (transports === undefined)
    throw new FerryError('ERR_INTERNAL', 'client certificates need the outbound transports; none were given');
  return { transport: transports({ clientTls: loaded.tls }), description: loaded.description };
}
