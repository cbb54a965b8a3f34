// Master key rotation without downtime: a new primary key, every secret re-sealed, old keys kept to unseal.
import type { Storage } from '../../core/ports/storage.js';
import { readKeyFile, writeKeyFile } from './key-file.js';
import { generateMasterKey, type Keyring } from './keyring.js';

export interface KeyRotationDeps {
  readonly keyring: Keyring;
  readonly storage: Storage;
  /** `file`: the key file in `dataDir` is ours to rewrite. `env`: FERRY_MASTER_KEY is the operator's to change. */
  readonly source: 'file' | 'env';
  readonly dataDir: string;
}

export interface KeyRotationOutcome {
  readonly primaryKeyId: string;
  readonly previousKeyIds: string[];
  readonly resealed: number;
  readonly source: 'file' | 'env';
  readonly hint?: string;
}

export async function rotateMasterKey(deps: KeyRotationDeps): Promise<KeyRotationOutcome> {
  const { keyring, storage } = deps;
  if (deps.source === 'file') {
    // Re-read the file: another process may have rotated since this one started.
    const keys = [generateMasterKey(), ...readKeyFile(deps.dataDir)];
    // The file is written before any value is sealed under the new key, so a crash in between loses nothing.
    writeKeyFile(deps.dataDir, keys);
    keyring.replace(keys);
  }
  const primary = keyring.primaryKeyId;
  const resealed = await storage.resealAll((sealed) =>
    keyring.keyIdOf(sealed) === primary ? sealed : keyring.seal(keyring.unseal(sealed)),
  );
  const previousKeyIds = keyring.keyIds.filter((id) => id !== primary);
  const outcome: KeyRotationOutcome = {
    primaryKeyId: primary,
    previousKeyIds,
    resealed,
    source: deps.source,
  };
  if (deps.source === 'env' && previousKeyIds.length === 0)
    return {
      ...outcome,
      hint:
        'The master key comes from FERRY_MASTER_KEY. To rotate it: set FERRY_MASTER_KEY to a new key and ' +
        'FERRY_MASTER_KEY_PREVIOUS to the old one, restart Ferry, then run `ferry keys rotate` again.',
    };
  return outcome;
}
