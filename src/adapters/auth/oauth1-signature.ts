// RFC 5849 signatures: the signature base string (§3.4.1) and the HMAC, RSA-SHA1 and PLAINTEXT methods (§3.4.2-4).
import { createHmac, sign, type KeyObject } from 'node:crypto';
import type { OAuth1SignatureMethod } from '../../core/connectors/oauth1-auth.js';

/** Name/value pairs; repeated names stay (RFC 5849 §3.4.1.3.2 sorts by name, then by value). */
export type OAuthParams = readonly (readonly [string, string])[];

/**
 * RFC 5849 §3.6: every octet except ALPHA, DIGIT, "-", ".", "_", "~" as %XX with upper-case hex, after UTF-8.
 * encodeURIComponent leaves !'()* alone, so those are encoded here.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * RFC 5849 §3.4.1.2: scheme and host in lower case, the port only when it is not the scheme's default, the
 * path, no query or fragment. WHATWG URL parsing already lower-cases and drops default ports.
 */
export function baseStringUri(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname === '' ? '/' : url.pathname}`;
}

/**
 * RFC 5849 §3.4.1.3.1 sources: the query (decoded as application/x-www-form-urlencoded), the oauth_*
 * protocol parameters, and a single-part form body when the request says `application/x-www-form-urlencoded`.
 */
export function requestParams(url: URL, protocol: OAuthParams, formBody: string | undefined): OAuthParams {
  const out: [string, string][] = [...url.searchParams];
  if (formBody !== undefined) out.push(...new URLSearchParams(formBody));
  return [...out, ...protocol];
}

/** RFC 5849 §3.4.1.3.2: encode each name and value, sort by name then value (byte order), join with "&". */
export function normalizeParams(params: OAuthParams): string {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return params
    .filter(([name]) => name !== 'oauth_signature')
    .map(([n, v]) => [percentEncode(n), percentEncode(v)] as const)
    .sort((a, b) => cmp(a[0], b[0]) || cmp(a[1], b[1]))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
}

/** RFC 5849 §3.4.1.1: METHOD "&" encode(base string URI) "&" encode(normalized parameters). */
export function signatureBaseString(method: string, url: URL, params: OAuthParams): string {
  return [method.toUpperCase(), baseStringUri(url), normalizeParams(params)].map(percentEncode).join('&');
}

export interface SigningSecrets {
  readonly consumerSecret?: string | undefined;
  readonly tokenSecret?: string | undefined;
  /** RSA private key for RSA-SHA1. */
  readonly rsaKey?: KeyObject | undefined;
}

/** §3.4.2 / §3.4.4: encode(client secret) "&" encode(token secret), the "&" kept when either is empty. */
const hmacKey = (s: SigningSecrets): string =>
  `${percentEncode(s.consumerSecret ?? '')}&${percentEncode(s.tokenSecret ?? '')}`;

/** The `oauth_signature` value (before the percent-encoding of §3.5) for `baseString`. */
export function signBaseString(
  method: OAuth1SignatureMethod,
  baseString: string,
  secrets: SigningSecrets,
): string {
  switch (method) {
    case 'HMAC-SHA1':
      return createHmac('sha1', hmacKey(secrets)).update(baseString).digest('base64');
    case 'HMAC-SHA256':
      return createHmac('sha256', hmacKey(secrets)).update(baseString).digest('base64');
    case 'RSA-SHA1':
      // §3.4.3: RSASSA-PKCS1-v1_5 (RFC 3447 §8.2) with SHA-1 over the base string.
      if (secrets.rsaKey === undefined) throw new TypeError('RSA-SHA1 needs an RSA private key');
      return sign('sha1', Buffer.from(baseString, 'utf8'), secrets.rsaKey).toString('base64');
    case 'PLAINTEXT':
      // §3.4.4: the key itself, no base string.
      return hmacKey(secrets);
  }
}

/** RFC 5849 §3.5.1: `OAuth realm="...", name="value", ...` with percent-encoded names and values. */
export function authorizationHeader(params: OAuthParams, realm: string | undefined): string {
  const parts = params.map(([n, v]) => `${percentEncode(n)}="${percentEncode(v)}"`);
  if (realm !== undefined) parts.unshift(`realm="${realm.replace(/["\\]/g, '\\$&')}"`);
  return `OAuth ${parts.join(', ')}`;
}
