// OAuth 1.0a (RFC 5849): signs every request with the consumer (and token) credentials, in a header or the query.
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { Clock } from '../../core/clock.js';
import type { Issue } from '../../core/errors.js';
import type { StaticAuthMethod } from '../../core/ports/auth-method.js';
import type { PreparedRequest } from '../../core/ports/prepared-request.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { normalizePem } from './jwt-key.js';
import {
  authorizationHeader,
  percentEncode,
  requestParams,
  signBaseString,
  signatureBaseString,
  type OAuthParams,
} from './oauth1-signature.js';
import { MASK, setHeader } from './request-credentials.js';

export interface OAuth1Deps {
  /** `oauth_timestamp` (§3.3): seconds since the epoch from this clock. */
  readonly clock: Clock;
  readonly scrubber: SecretScrubber;
  /** `oauth_nonce` (§3.3); default 128 random bits as hex. */
  readonly nonce?: () => string;
}

/** The RSA key of an RSA-SHA1 config, or what is wrong with it (never quoting it). */
function loadRsaKey(pem: string): { key: KeyObject } | { problem: string } {
  const text = normalizePem(pem);
  if (text === undefined || text.includes('PUBLIC KEY-----'))
    return {
      problem: 'is not a PEM private key (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----)',
    };
  try {
    const key = createPrivateKey({ key: text, format: 'pem' });
    if (key.asymmetricKeyType === 'rsa') return { key };
    return { problem: `is an ${key.asymmetricKeyType ?? 'unknown'} key, but RSA-SHA1 needs an RSA key` };
  } catch {
    return { problem: 'does not parse as an unencrypted PEM private key' };
  }
}

/** Checks what the schema cannot: the RSA key parses. Paths like `auth.privateKey`. */
export function validateOAuth1(auth: AuthOf<'oauth1'>): Issue[] {
  if (auth.signatureMethod !== 'RSA-SHA1' || auth.privateKey === undefined) return [];
  const loaded = loadRsaKey(auth.privateKey);
  return 'problem' in loaded
    ? [{ path: 'auth.privateKey', code: 'invalid_key', message: `the private key ${loaded.problem}` }]
    : [];
}

/** §3.4.1.3.1: a body is signed only when it is single-part form data and says so in Content-Type. */
function formBodyOf(req: PreparedRequest): string | undefined {
  const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  if (req.body === undefined || !/^application\/x-www-form-urlencoded\b/i.test(type ?? '')) return undefined;
  return typeof req.body === 'string' ? req.body : Buffer.from(req.body).toString('utf8');
}

/** Throws TypeError for a config that cannot sign (an RSA key that does not parse). */
export function oauth1(config: AuthOf<'oauth1'>, deps: OAuth1Deps): StaticAuthMethod {
  const method = config.signatureMethod;
  let rsaKey: KeyObject | undefined;
  if (method === 'RSA-SHA1') {
    const loaded = loadRsaKey(config.privateKey ?? '');
    if ('problem' in loaded) throw new TypeError(`the private key ${loaded.problem}`);
    rsaKey = loaded.key;
  }
  const secrets = { consumerSecret: config.consumerSecret, tokenSecret: config.tokenSecret, rsaKey };
  if (method === 'PLAINTEXT') {
    // The PLAINTEXT signature is the secrets themselves, in two encodings on the wire.
    const plain = signBaseString('PLAINTEXT', '', secrets);
    deps.scrubber.add(plain, percentEncode(plain));
  }
  const nonce = deps.nonce ?? (() => randomBytes(16).toString('hex'));

  return {
    kind: 'static',
    apply(req) {
      // §3.1: the protocol parameters; oauth_version is optional but some servers insist on it.
      const protocol: [string, string][] = [
        ['oauth_consumer_key', config.consumerKey],
        ['oauth_nonce', nonce()],
        ['oauth_signature_method', method],
        ['oauth_timestamp', String(Math.floor(deps.clock.now() / 1000))],
        ...(config.token === undefined ? [] : [['oauth_token', config.token] as [string, string]]),
        ['oauth_version', '1.0'],
      ];
      const params: OAuthParams = requestParams(req.url, protocol, formBodyOf(req));
      const base = signatureBaseString(req.method, req.url, params);
      const signed: OAuthParams = [...protocol, ['oauth_signature', signBaseString(method, base, secrets)]];
      if (config.signatureLocation === 'header')
        setHeader(req, 'Authorization', authorizationHeader(signed, config.realm));
      // §3.5.3: appended to the query; URLSearchParams encodes them for the wire.
      else for (const [n, v] of signed) req.url.searchParams.append(n, v);
    },
    describe: () =>
      `OAuth 1.0a ${method} signature in the ${config.signatureLocation === 'header' ? 'Authorization header' : 'query'} ` +
      `(consumer key ${config.consumerKey}, ${config.token === undefined ? 'two-legged, no token' : `token ${MASK}`})`,
  };
}
