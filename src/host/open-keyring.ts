// The master keys that seal secrets: from FERRY_MASTER_KEY (and older ones), or else the key file in the data dir.
import { ConfigError } from '../core/errors.js';
import type { FerryConfig } from '../core/config.js';
import { loadOrCreateKeyFile, readKeyFile } from '../adapters/crypto/key-file.js';
import { Keyring, parseMasterKey } from '../adapters/crypto/keyring.js';

export function openKeyring(
  config: FerryConfig,
  dataDir: string,
): { keyring: Keyring; keySource: 'file' | 'env' } {
  if (config.masterKey === undefined) {
    const { keys } = loadOrCreateKeyFile(dataDir);
    return { keyring: new Keyring(keys, () => readKeyFile(dataDir)), keySource: 'file' };
  }
  const texts = [config.masterKey, ...config.previousMasterKeys];
  const keys = texts.map((t) => parseMasterKey(t));
  const bad = keys.flatMap((k, i) =>
    k ? [] : [i === 0 ? 'FERRY_MASTER_KEY' : `FERRY_MASTER_KEY_PREVIOUS[${i - 1}]`],
  );
  if (bad.length > 0)
    throw new ConfigError(
      `${bad.join(', ')} must be 32 bytes as base64 or 64 hex characters (generate one: openssl rand -base64 32)`,
      bad.map((path) => ({ path, code: 'invalid_key', message: 'must be 32 bytes as base64 or hex' })),
    );
  return { keyring: new Keyring(keys as Buffer[]), keySource: 'env' };
}
