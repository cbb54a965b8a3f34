// Loads a JWT connector's signing key: a PEM private key (pasted with literal "\n" too) or an HS256 secret.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { JwtAlgorithm } from '../../core/connectors/auth-config.js';

export type JwtKey = KeyObject | Uint8Array;

/** The key, or what is wrong with it in words a user can act on (never quoting the key). */
export type LoadedKey = { readonly key: JwtKey } | { readonly problem: string };

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output, 256 bits for HS256. */
export const MIN_HS256_SECRET_BYTES = 32;
/** RFC 7518 §3.3: RSA keys of 2048 bits or more. */
const MIN_RSA_BITS = 2048;
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * Rebuilds PEM text as forms mangle it: literal `\n` (or `\r\n`) sequences, CRLF, or the whole key on one
 * line, into RFC 7468 lines of 64 characters. Undefined when there is no BEGIN/END pair.
 */
export function normalizePem(text: string): string | undefined {
  const match = PEM.exec(text.replace(/\\r\\n|\\n|\\r/g, '\n'));
  if (!match) return undefined;
  const label = match[1] ?? '';
  const body = (match[2] ?? '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const kindOf = (key: KeyObject): string =>
  key.asymmetricKeyType === 'ec'
    ? `an EC ${key.asymmetricKeyDetails?.namedCurve ?? ''} key`
    : `an ${key.asymmetricKeyType} key`;

function loadPem(privateKey: string): LoadedKey {
  const pem = normalizePem(privateKey);
  if (pem === undefined)
    return {
      problem: 'is not a PEM private key: expected -----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----',
    };
  if (pem.includes('PUBLIC KEY-----'))
    return { problem: 'is a public key; paste the private key (BEGIN PRIVATE KEY) instead' };
  try {
    return { key: createPrivateKey({ key: pem, format: 'pem' }) };
  } catch {
    return {
      problem:
        'does not parse as a PEM private key; paste the whole unencrypted PKCS#8 key (BEGIN PRIVATE KEY), ' +
        'with its line breaks or literal \\n between lines',
    };
  }
}

/** Loads and checks the key for `algorithm` (RFC 7518 §3.1): HS256 secret, RS256 RSA key, ES256 P-256 key. */
export function loadJwtKey(algorithm: JwtAlgorithm, privateKey: string): LoadedKey {
  if (algorithm === 'HS256') {
    if (normalizePem(privateKey) !== undefined)
      return {
        problem: 'is a PEM key, but HS256 takes a shared secret; choose RS256 or ES256 for a private key',
      };
    const bytes = new TextEncoder().encode(privateKey);
    if (bytes.length < MIN_HS256_SECRET_BYTES)
      return {
        problem: `is too short for HS256: it needs at least ${MIN_HS256_SECRET_BYTES} bytes (256 bits, RFC 7518 §3.2), this one has ${bytes.length}`,
      };
    return { key: bytes };
  }
  const loaded = loadPem(privateKey);
  if (!('key' in loaded) || loaded.key instanceof Uint8Array) return loaded;
  const key = loaded.key;
  if (algorithm === 'RS256') {
    if (key.asymmetricKeyType !== 'rsa')
      return {
        problem: `is ${kindOf(key)}, but RS256 needs an RSA private key${key.asymmetricKeyType === 'ec' ? '; choose ES256 for an EC key' : ''}`,
      };
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < MIN_RSA_BITS)
      return {
        problem: `is a ${bits}-bit RSA key; RS256 needs at least ${MIN_RSA_BITS} bits (RFC 7518 §3.3)`,
      };
    return loaded;
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    return {
      problem: `is ${kindOf(key)}, but ES256 needs an EC P-256 private key${key.asymmetricKeyType === 'rsa' ? '; choose RS256 for an RSA key' : ''}`,
    };
  return loaded;
}
