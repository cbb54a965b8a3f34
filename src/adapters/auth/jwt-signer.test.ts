// RFC 7515 Appendix A examples verified with jose, and the connector JWT signer checked against them.
import { CompactSign, compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { createHmac, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authConfig, type AuthOf } from '../../core/connectors/auth-config.js';
import { ManualClock } from '../../core/clock.js';
import { A1, A2, A3, PAYLOAD_B64, compact } from '../../../test/support/rfc7515-vectors.js';
import { jwtSigner } from './jwt-signer.js';

const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi']);
const publicJwk = (jwk: JWK): JWK =>
  Object.fromEntries(Object.entries(jwk).filter(([k]) => !PRIVATE_MEMBERS.has(k)));
const payload = Buffer.from(PAYLOAD_B64, 'base64url');

describe('RFC 7515 Appendix A', () => {
  it('A.1 HS256: jose verifies the JWS, and HMAC over the RFC signing input gives the RFC signature', async () => {
    const { payload: verified } = await compactVerify(compact(A1), await importJWK(A1.jwk, 'HS256'));
    expect(Buffer.from(verified).equals(payload)).toBe(true);
    const mac = createHmac('sha256', Buffer.from(A1.jwk.k, 'base64url')).update(
      `${A1.protectedB64}.${PAYLOAD_B64}`,
    );
    expect(mac.digest('base64url')).toBe(A1.signature);
  });

  it('A.2 RS256: jose verifies the JWS and, PKCS#1 v1.5 being deterministic, signs to the same JWS', async () => {
    await compactVerify(compact(A2), await importJWK(publicJwk(A2.jwk), 'RS256'));
    const signed = await new CompactSign(payload)
      .setProtectedHeader({ alg: 'RS256' })
      .sign(await importJWK(A2.jwk, 'RS256'));
    expect(signed).toBe(compact(A2));
  });

  it('A.3 ES256: jose verifies the JWS', async () => {
    const { protectedHeader } = await compactVerify(compact(A3), await importJWK(publicJwk(A3.jwk), 'ES256'));
    expect(protectedHeader).toEqual({ alg: 'ES256' });
  });
});

const jwtConfig = (input: object): AuthOf<'jwt'> =>
  authConfig.parse({ type: 'jwt', ...input }) as AuthOf<'jwt'>;
const oneLine = (pem: string): string => pem.trim().replace(/\n/g, '\\n');

describe('jwtSigner', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const iat = Math.floor(clock.now() / 1000);

  it('signs with the RFC A.2 key pasted as one-line PEM, verifiable with the RFC public key', async () => {
    const pem = createPrivateKey({ key: A2.jwk, format: 'jwk' })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const signer = jwtSigner(
      'c1',
      jwtConfig({ algorithm: 'RS256', privateKey: oneLine(pem), subject: 'joe' }),
      clock,
    );
    const token = await signer.sign();
    const { payload: claims } = await compactVerify(
      token,
      createPublicKey({ key: publicJwk(A2.jwk), format: 'jwk' }),
    );
    expect(JSON.parse(Buffer.from(claims).toString('utf8'))).toEqual({ sub: 'joe', iat, exp: iat + 300 });
  });

  it('signs with the RFC A.3 key (ES256)', async () => {
    const pem = createPrivateKey({ key: A3.jwk, format: 'jwk' })
      .export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const token = await jwtSigner('c1', jwtConfig({ algorithm: 'ES256', privateKey: pem }), clock).sign();
    await compactVerify(token, await importJWK(publicJwk(A3.jwk), 'ES256'));
  });

  it('sets claims and headers: iat from the clock, exp = iat + expirySeconds, alg from the algorithm', async () => {
    const config = jwtConfig({
      algorithm: 'HS256',
      privateKey: 'a-shared-secret-of-at-least-32-bytes!!',
      expirySeconds: 90,
      issuer: 'ferry',
      audience: 'https://idp.example/token',
      subject: 'svc',
      jwtHeaders: { kid: 'key-1', typ: 'JWT', alg: 'none' },
      additionalClaims: { scope: 'read', exp: 1 },
    });
    const signer = jwtSigner('c1', config, clock);
    const token = await signer.sign();
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', kid: 'key-1', typ: 'JWT' });
    expect(decodeJwt(token)).toEqual({
      scope: 'read',
      iss: 'ferry',
      aud: 'https://idp.example/token',
      sub: 'svc',
      iat,
      exp: iat + 90,
    });
    expect(signer.description).toBe(
      'an HS256 JWT (iss=ferry, aud=https://idp.example/token, sub=svc, kid=key-1)',
    );
  });

  it('refuses a key that does not fit, naming auth.privateKey and quoting none of it', () => {
    const secret = 'too-short-secret';
    const build = () => jwtSigner('c1', jwtConfig({ algorithm: 'HS256', privateKey: secret }), clock);
    expect(build).toThrow(expect.objectContaining({ code: 'ERR_JWT_SIGNING_FAILED' }) as Error);
    expect(build).toThrow(/connector "c1": auth.privateKey is too short for HS256/);
    expect(build).not.toThrow(secret);
  });
});
