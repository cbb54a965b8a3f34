// Test helper: a client certificate as PEM, as an encrypted PEM key and as PKCS#12, made with the openssl CLI.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCert } from './tls.js';

export interface ClientCert {
  readonly cert: string;
  readonly key: string;
  /** The same certificate and key as PKCS#12 (AES-256, OpenSSL 3's default), base64. */
  readonly pkcs12: string;
  /** The passphrase of `pkcs12` and `encryptedKey`; test-only. */
  readonly passphrase: string;
  /** `key` encrypted with AES-256 under `passphrase` (BEGIN ENCRYPTED PRIVATE KEY). */
  readonly encryptedKey: string;
  /** RFC 8705 §3.1 `x5t#S256`: base64url SHA-256 of the DER certificate. */
  readonly thumbprint: string;
  /** base64 DER, for an `x5c` member. */
  readonly der: string;
}

export function createClientCert(commonName: string, passphrase = 'p12-pass-Ω-4471'): ClientCert {
  const { cert, key } = createSelfSignedCert(commonName);
  const dir = mkdtempSync(join(tmpdir(), 'ferry-client-cert-'));
  try {
    writeFileSync(join(dir, 'cert.pem'), cert);
    writeFileSync(join(dir, 'key.pem'), key);
    writeFileSync(join(dir, 'pass'), passphrase);
    const pass = `file:${join(dir, 'pass')}`;
    const p12 = join(dir, 'client.p12');
    const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
    run([
      'pkcs12',
      '-export',
      '-in',
      join(dir, 'cert.pem'),
      '-inkey',
      join(dir, 'key.pem'),
      '-out',
      p12,
      '-passout',
      pass,
    ]);
    run(['pkey', '-in', join(dir, 'key.pem'), '-aes256', '-out', join(dir, 'enc.pem'), '-passout', pass]);
    const der = new X509Certificate(cert).raw;
    return {
      cert,
      key,
      pkcs12: readFileSync(p12).toString('base64'),
      passphrase,
      encryptedKey: readFileSync(join(dir, 'enc.pem'), 'utf8'),
      thumbprint: createHash('sha256').update(der).digest('base64url'),
      der: der.toString('base64'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
