// validateAuth: keys that parse and fit their algorithm, fields that make sense together; every problem at once.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authConfig, type AuthConfig } from '../../core/connectors/auth-config.js';
import { validateAuth } from './validate-auth.js';

const pem = (type: 'rsa' | 'ec', option: number | string): string => {
  const { privateKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: option as number })
      : generateKeyPairSync('ec', { namedCurve: option as string });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
};
const RSA = pem('rsa', 2048);
const EC = pem('ec', 'P-256');
const body = (key: string): string => key.split('\n')[1] ?? '';
const jwt = (input: object): AuthConfig => authConfig.parse({ type: 'jwt', ...input });
const issuesOf = (input: object) => validateAuth(jwt(input)).map((i) => `${i.path}: ${i.message}`);

describe('validateAuth for jwt', () => {
  it.each([
    ['HS256 with a 32-byte secret', { algorithm: 'HS256', privateKey: 'x'.repeat(32) }],
    ['RS256 with a PEM', { algorithm: 'RS256', privateKey: RSA }],
    [
      'RS256 with a PEM pasted with literal \\n',
      { algorithm: 'RS256', privateKey: RSA.trim().replace(/\n/g, '\\n') },
    ],
    [
      'ES256 with a PEM on one line with spaces',
      { algorithm: 'ES256', privateKey: EC.trim().replace(/\n/g, ' ') },
    ],
    [
      'RS256 with a PKCS#1 PEM',
      {
        algorithm: 'RS256',
        privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs1', format: 'pem' })
          .toString(),
      },
    ],
  ])('accepts %s', (_name, input) => {
    expect(issuesOf(input)).toEqual([]);
  });

  it.each([
    [
      'HS256 with a 31-byte secret',
      { algorithm: 'HS256', privateKey: 'x'.repeat(31) },
      'at least 32 bytes (256 bits, RFC 7518 §3.2), this one has 31',
    ],
    ['HS256 with a PEM', { algorithm: 'HS256', privateKey: RSA }, 'HS256 takes a shared secret'],
    [
      'RS256 with an EC key',
      { algorithm: 'RS256', privateKey: EC },
      'is an EC prime256v1 key, but RS256 needs an RSA private key; choose ES256',
    ],
    [
      'RS256 with a 1024-bit key',
      { algorithm: 'RS256', privateKey: pem('rsa', 1024) },
      'RS256 needs at least 2048 bits',
    ],
    [
      'ES256 with an RSA key',
      { algorithm: 'ES256', privateKey: RSA },
      'ES256 needs an EC P-256 private key; choose RS256',
    ],
    [
      'ES256 with a P-384 key',
      { algorithm: 'ES256', privateKey: pem('ec', 'P-384') },
      'is an EC secp384r1 key, but ES256 needs',
    ],
    [
      'a PEM that does not parse',
      { algorithm: 'RS256', privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' },
      'does not parse',
    ],
    ['text that is no PEM', { algorithm: 'ES256', privateKey: 'just some text' }, 'is not a PEM private key'],
    [
      'a public key',
      {
        algorithm: 'RS256',
        privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
      },
      'is a public key',
    ],
  ])('reports %s at auth.privateKey', (_name, input, message) => {
    const issues = validateAuth(jwt(input));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('auth.privateKey');
    expect(issues[0]?.message).toContain(message);
    expect(JSON.stringify(issues)).not.toContain(body(input.privateKey) || input.privateKey);
  });

  it('lists every other problem at once', () => {
    const issues = issuesOf({
      algorithm: 'HS256',
      privateKey: 'x'.repeat(32),
      jwtHeaders: { alg: 'none' },
      additionalClaims: { iat: 1, exp: 2 },
      clientSecret: 'orphan-secret',
      scope: 'read',
    });
    expect(issues.map((i) => i.split(':')[0])).toEqual([
      'auth.jwtHeaders.alg',
      'auth.additionalClaims.iat',
      'auth.additionalClaims.exp',
      'auth.clientId',
      'auth.clientSecret',
      'auth.scope',
    ]);
  });
});

describe('validateAuth for other types', () => {
  it('reports a bearer prefix of more than one word', () => {
    expect(validateAuth(authConfig.parse({ type: 'bearer', apiKey: 'k', prefix: 'Bearer X' }))).toEqual([
      {
        path: 'auth.prefix',
        code: 'invalid_value',
        message: 'the prefix must be one word, such as Bearer or Token',
      },
    ]);
  });

  it('has nothing to add for configs the schema fully checks', () => {
    expect(validateAuth(authConfig.parse({ type: 'basic', username: 'u', password: 'p' }))).toEqual([]);
  });
});
