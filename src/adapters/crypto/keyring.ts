// AES-256-GCM sealing under a keyring of master keys; a key id (SHA-256 prefix of the key) tags every value.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { CryptoError } from '../../core/errors.js';
import type { Sealer } from '../../core/ports/sealer.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

/** Parses a 32-byte key given as base64, base64url or 64 hex characters. */
export function parseMasterKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return b.length === 32 ? b : undefined;
}

export const generateMasterKey = (): Buffer => randomBytes(32);

export class Keyring implements Sealer {
  private readonly keys = new Map<string, Buffer>();
  private primary: string;

  /** `keys[0]` becomes the primary key; the rest only unseal (for values sealed before a rotation). */
  constructor(
    keys: readonly Buffer[],
    private readonly reload?: () => readonly Buffer[],
  ) {
    const first = keys[0];
    if (!first) throw new CryptoError('ERR_SECRET_KEY_UNKNOWN', 'the keyring needs at least one master key');
    for (const k of keys) this.add(k);
    this.primary = keyIdOf(first);
  }

  get primaryKeyId(): string {
    return this.primary;
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** Replaces the keyring's contents; `keys[0]` becomes primary. */
  replace(keys: readonly Buffer[]): void {
    const first = keys[0];
    if (!first) throw new CryptoError('ERR_SECRET_KEY_UNKNOWN', 'the keyring needs at least one master key');
    this.keys.clear();
    for (const k of keys) this.add(k);
    this.primary = keyIdOf(first);
  }

  seal(plaintext: string): string {
    const key = this.keys.get(this.primary)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated too, so a value cannot be relabelled to another key.
    cipher.setAAD(Buffer.from(this.primary));
    const body = Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `fsv1.${this.primary}.${body.toString('base64url')}`;
  }

  keyIdOf(sealed: string): string {
    return sealed.split('.')[1] ?? '';
  }

  unseal(sealed: string): string {
    const [version, kid, data] = sealed.split('.');
    if (version !== 'fsv1' || !kid || !data)
      throw new CryptoError('ERR_SECRET_UNSEAL_FAILED', 'a stored secret is not in the sealed format');
    let key = this.keys.get(kid);
    if (!key && this.reload) {
      // Another process may have rotated the key file since we loaded it.
      for (const k of this.reload()) this.add(k);
      key = this.keys.get(kid);
    }
    if (!key)
      throw new CryptoError(
        'ERR_SECRET_KEY_UNKNOWN',
        `a stored secret was sealed with master key ${kid}, which this process does not have; ` +
          'add it to FERRY_MASTER_KEY_PREVIOUS or restore the key file',
      );
    const body = Buffer.from(data, 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(kid));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch (cause) {
      throw new CryptoError(
        'ERR_SECRET_UNSEAL_FAILED',
        `a stored secret sealed with key ${kid} failed authentication`,
        {
          cause,
        },
      );
    }
  }

  private add(key: Buffer): void {
    if (key.length !== 32) throw new CryptoError('ERR_SECRET_KEY_UNKNOWN', 'a master key must be 32 bytes');
    this.keys.set(keyIdOf(key), key);
  }
}
