// Schemas of the auth types Creator Studio lacks: client certificates (mTLS, RFC 8705) and NTLM (MS-NLMP).
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

/**
 * NTLMv2 over HTTP (MS-NLMP §3.1.5.1.2, MS-NTHT): the three-message handshake on one kept-alive connection,
 * in the `NTLM` scheme or, when the server offers only `Negotiate`, NTLM tokens inside Negotiate.
 */
export const ntlmAuth = z
  .object({
    type: z.literal('ntlm'),
    username: z.string().trim().min(1, 'must not be empty'),
    password: z.string().min(1, 'must not be empty'),
    /** The NetBIOS or DNS domain; also taken from `DOMAIN\user` or `user@domain` in username. */
    domain: z.string().trim().optional(),
    /** The client machine name sent in the messages; default FERRY. */
    workstation: z.string().trim().max(15).default('FERRY'),
  })
  .strict();
