// The client certificate schema (mutual TLS, RFC 8446 §4.4.2, RFC 8705) and the client_certificate auth type.
import { z } from 'zod';

const pem = (label: string) =>
  z
    .string()
    .regex(/-----BEGIN [A-Z0-9 ]+-----/, `must be PEM text (-----BEGIN ${label}-----)`)
    .meta({ description: `PEM text (${label}); literal "\\n" between lines is accepted.` });

/**
 * A TLS client certificate: PEM certificate and key, or a PKCS#12 (.p12/.pfx) file as base64; `passphrase`
 * opens an encrypted key or the PKCS#12 file; `ca` (PEM) is trusted for the server besides Node's roots.
 * Every field is write-only: sealed at rest, shown as `{ set: true }`.
 */
export const clientCertificate = z
  .object({
    certificate: pem('CERTIFICATE').optional(),
    privateKey: pem('PRIVATE KEY').optional(),
    pkcs12: z
      .string()
      .regex(/^[A-Za-z0-9+/=\s]+$/, 'must be the PKCS#12 file encoded as base64')
      .optional(),
    passphrase: z.string().min(1, 'must not be empty').optional(),
    ca: pem('CERTIFICATE').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const pemPair = v.certificate !== undefined || v.privateKey !== undefined;
    if (pemPair === (v.pkcs12 !== undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['certificate'],
        message: 'give either certificate and privateKey (PEM) or pkcs12 (base64), not both',
      });
    else if (pemPair && (v.certificate === undefined || v.privateKey === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [v.certificate === undefined ? 'certificate' : 'privateKey'],
        message: 'certificate and privateKey go together',
      });
  })
  .meta({ id: 'ClientCertificate' });
export type ClientCertificate = z.infer<typeof clientCertificate>;

/** Mutual TLS only (RFC 8446 §4.4.2): the certificate is the credential; no header is added. */
export const clientCertificateAuth = z
  .object({ type: z.literal('client_certificate'), clientCertificate })
  .strict();
