// The master key file in the data directory: created with mode 0600 on first start, rewritten atomically on rotation.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CryptoError } from '../../core/errors.js';
import { generateMasterKey, parseMasterKey } from './keyring.js';

export const KEY_FILE_NAME = 'master.key';

/** One base64 key a line; the first line is the primary key, later lines are kept to unseal older values. */
export function readKeyFile(dataDir: string): Buffer[] {
  const path = join(dataDir, KEY_FILE_NAME);
  const keys = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l, i) => {
      const key = parseMasterKey(l);
      if (!key)
        throw new CryptoError('ERR_SECRET_KEY_UNKNOWN', `${path} line ${i + 1} is not a 32-byte base64 key`);
      return key;
    });
  if (keys.length === 0) throw new CryptoError('ERR_SECRET_KEY_UNKNOWN', `${path} holds no key`);
  return keys;
}

export function writeKeyFile(dataDir: string, keys: readonly Buffer[]): void {
  const path = join(dataDir, KEY_FILE_NAME);
  const tmp = `${path}.${process.pid}.tmp`;
  const text =
    '# Ferry master keys: the first seals new secrets, the others only unseal. Back this file up; never commit it.\n' +
    keys.map((k) => k.toString('base64')).join('\n') +
    '\n';
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** Reads the key file, creating it with a fresh key when it does not exist. */
export function loadOrCreateKeyFile(dataDir: string): { keys: Buffer[]; created: boolean } {
  if (existsSync(join(dataDir, KEY_FILE_NAME))) return { keys: readKeyFile(dataDir), created: false };
  const keys = [generateMasterKey()];
  writeKeyFile(dataDir, keys);
  return { keys, created: true };
}
