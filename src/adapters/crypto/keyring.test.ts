// AES-256-GCM sealing: round trips, tamper detection, key ids, the key file and rotation across processes.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSealed } from '../../core/ports/sealer.js';
import { KEY_FILE_NAME, loadOrCreateKeyFile, readKeyFile, writeKeyFile } from './key-file.js';
import { Keyring, generateMasterKey, keyIdOf, parseMasterKey } from './keyring.js';

describe('Keyring', () => {
  it('seals to a tagged value that unseals to the plaintext and never contains it', () => {
    const ring = new Keyring([generateMasterKey()]);
    const sealed = ring.seal('s3cr3t-value £');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('s3cr3t');
    expect(ring.keyIdOf(sealed)).toBe(ring.primaryKeyId);
    expect(ring.unseal(sealed)).toBe('s3cr3t-value £');
    expect(ring.seal('same')).not.toBe(ring.seal('same'));
  });

  it('refuses a tampered value with ERR_SECRET_UNSEAL_FAILED', () => {
    const ring = new Keyring([generateMasterKey()]);
    const sealed = ring.seal('value');
    const body = Buffer.from(sealed.split('.')[2]!, 'base64url');
    body[body.length - 20]! ^= 1;
    const tampered = `fsv1.${ring.primaryKeyId}.${body.toString('base64url')}`;
    expect(() => ring.unseal(tampered)).toThrow(
      expect.objectContaining({ code: 'ERR_SECRET_UNSEAL_FAILED' }),
    );
  });

  it('refuses a value relabelled to another key id, because the id is authenticated', () => {
    const a = generateMasterKey();
    const ring = new Keyring([a, Buffer.from(a.map((x) => x ^ 0xff))]);
    const sealed = ring.seal('value');
    const other = ring.keyIds.find((id) => id !== ring.primaryKeyId)!;
    expect(() => ring.unseal(sealed.replace(ring.primaryKeyId, other))).toThrow(
      expect.objectContaining({ code: 'ERR_SECRET_UNSEAL_FAILED' }),
    );
  });

  it('names the missing key without revealing anything when the key is unknown', () => {
    const sealed = new Keyring([generateMasterKey()]).seal('value');
    const error = (() => {
      try {
        new Keyring([generateMasterKey()]).unseal(sealed);
      } catch (e) {
        return e as Error & { code: string };
      }
      return undefined;
    })();
    expect(error?.code).toBe('ERR_SECRET_KEY_UNKNOWN');
    expect(error?.message).toContain(sealed.split('.')[1]);
  });

  it('reloads its keys when it meets a key id another process added', () => {
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const writer = new Keyring([newKey, oldKey]);
    const reader = new Keyring([oldKey], () => [newKey, oldKey]);
    expect(reader.unseal(writer.seal('rotated'))).toBe('rotated');
  });

  it('parses keys as base64, base64url or hex and rejects other lengths', () => {
    const key = generateMasterKey();
    expect(parseMasterKey(key.toString('base64'))?.equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64url'))?.equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('hex'))?.equals(key)).toBe(true);
    expect(parseMasterKey('c2hvcnQ=')).toBeUndefined();
    expect(keyIdOf(key)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('key file', () => {
  it('is created once with mode 0600 and read back unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-keys-'));
    const first = loadOrCreateKeyFile(dir);
    expect(first.created).toBe(true);
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const second = loadOrCreateKeyFile(dir);
    expect(second.created).toBe(false);
    expect(second.keys[0]!.equals(first.keys[0]!)).toBe(true);
  });

  it('keeps the order of keys: the first is primary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-keys-'));
    const keys = [generateMasterKey(), generateMasterKey()];
    writeKeyFile(dir, keys);
    expect(readKeyFile(dir).map((k) => keyIdOf(k))).toEqual(keys.map((k) => keyIdOf(k)));
  });
});
