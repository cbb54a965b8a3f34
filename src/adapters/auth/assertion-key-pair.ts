// Makes a private_key_jwt key pair with jose: RS256 (2048-bit RSA) or ES256 (P-256), kid = JWK thumbprint.
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { KeyPairGenerator } from '../../core/ports/client-assertion-keys.js';

/** RFC 7517 §4: the published JWK carries kid, alg and `use: sig` besides the public members. */
export const generateAssertionKeyPair: KeyPairGenerator = async (alg) => {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const publicJwk = await exportJWK(publicKey);
  // RFC 7638 thumbprint: stable, unique per key, and says nothing about the connector.
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = await exportJWK(privateKey);
  return {
    kid,
    alg,
    privateJwk: { ...privateJwk, kid, alg },
    publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
  };
};
