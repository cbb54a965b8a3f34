// How an OAuth 2.0 client authenticates at the token endpoint: secrets, a signed assertion, or its certificate.
import { z } from 'zod';
import { clientCertificate } from './client-certificate.js';

/**
 * RFC 6749 §2.3.1 `basic_auth_header` and `request_body`; RFC 7523 §2.2 / OpenID Connect Core §9
 * `private_key_jwt` (Ferry signs with a key it holds and publishes at /.well-known/jwks.json); RFC 8705 §2
 * `tls_client_auth` and `self_signed_tls_client_auth` (the client certificate authenticates, no secret).
 * Absent: try `basic_auth_header`, then `request_body`, and remember the one that worked.
 */
export const clientAuthentication = z.enum([
  'basic_auth_header',
  'request_body',
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
]);
export type ClientAuthentication = z.infer<typeof clientAuthentication>;

/** The methods that send no client secret. */
export const SECRETLESS_CLIENT_AUTH: readonly ClientAuthentication[] = [
  'private_key_jwt',
  'tls_client_auth',
  'self_signed_tls_client_auth',
];

/** RFC 7518 §3.1 algorithms of Ferry's client assertion keys. */
export const clientAssertionAlgorithm = z.enum(['RS256', 'ES256']);
export type ClientAssertionAlgorithm = z.infer<typeof clientAssertionAlgorithm>;

/** Fields every OAuth 2.0 grant takes for client authentication besides clientId and clientSecret. */
export const oauth2ClientAuthFields = {
  oauth2ClientAuthentication: clientAuthentication.optional(),
  /** Presented on every TLS connection to the token endpoint and the API (RFC 8705 §2 and §3). */
  clientCertificate: clientCertificate.optional(),
  /** private_key_jwt: algorithm of Ferry's key for this connector; default RS256. */
  clientAssertionAlgorithm: clientAssertionAlgorithm.optional(),
  /** private_key_jwt: `aud` of the assertion; default the token URL (RFC 7523 §3); some servers want the issuer. */
  clientAssertionAudience: z.string().trim().min(1).optional(),
  /** private_key_jwt: lifetime of each assertion in seconds (default 60); the old key stays published this long. */
  clientAssertionLifetimeSeconds: z.number().int().min(10).max(3_600).optional(),
};

/** Rule shared by the grants: a client secret unless the client authenticates with a key or certificate. */
export function checkClientAuth(
  v: {
    readonly clientSecret?: string | undefined;
    readonly oauth2ClientAuthentication?: ClientAuthentication | undefined;
    readonly clientCertificate?: unknown;
  },
  ctx: z.RefinementCtx,
): void {
  const method = v.oauth2ClientAuthentication;
  const secretless = method !== undefined && SECRETLESS_CLIENT_AUTH.includes(method);
  if (!secretless && v.clientSecret === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['clientSecret'],
      message: 'is required for this client authentication',
    });
  if (
    (method === 'tls_client_auth' || method === 'self_signed_tls_client_auth') &&
    v.clientCertificate === undefined
  )
    ctx.addIssue({
      code: 'custom',
      path: ['clientCertificate'],
      message: `${method} needs clientCertificate (RFC 8705 §2)`,
    });
}
