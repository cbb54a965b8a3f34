// Auth config of OAuth 1.0a (RFC 5849): a consumer key and secret, an optional token, one signature method.
import { z } from 'zod';
import { nonEmpty, secret } from './auth-fields.js';

/**
 * RFC 5849 §3.4: HMAC-SHA1 (§3.4.2), RSA-SHA1 (§3.4.3), PLAINTEXT (§3.4.4); HMAC-SHA256 is the same
 * construction as §3.4.2 with SHA-256, as NetSuite and others require.
 */
export const oauth1SignatureMethod = z.enum(['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT']);
export type OAuth1SignatureMethod = z.infer<typeof oauth1SignatureMethod>;

export const oauth1Auth = z
  .object({
    type: z.literal('oauth1'),
    /** `oauth_consumer_key` (RFC 5849 §3.1). */
    consumerKey: nonEmpty,
    /** The client shared-secret; needed by the HMAC methods and PLAINTEXT, not by RSA-SHA1. */
    consumerSecret: secret.optional(),
    signatureMethod: oauth1SignatureMethod.default('HMAC-SHA1'),
    /** PEM RSA private key for RSA-SHA1 (literal `\n` between lines accepted). */
    privateKey: secret.optional(),
    /** Token credentials (§2.3); both absent for two-legged requests signed by the client alone. */
    token: secret.optional(),
    tokenSecret: secret.optional(),
    /** `realm` of the Authorization header (§3.5.1), e.g. a NetSuite account id; never signed. */
    realm: z.string().optional(),
    /** Where the protocol parameters go: the Authorization header (§3.5.1, default) or the query (§3.5.3). */
    signatureLocation: z.enum(['header', 'query']).default('header'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.signatureMethod === 'RSA-SHA1' && v.privateKey === undefined)
      ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'RSA-SHA1 needs privateKey' });
    if (v.signatureMethod !== 'RSA-SHA1' && v.consumerSecret === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['consumerSecret'],
        message: `${v.signatureMethod} needs consumerSecret`,
      });
    if (v.signatureMethod !== 'RSA-SHA1' && v.privateKey !== undefined)
      ctx.addIssue({ code: 'custom', path: ['privateKey'], message: 'privateKey is only used by RSA-SHA1' });
    if (v.tokenSecret !== undefined && v.token === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'tokenSecret is set, so token is needed too',
      });
  });
