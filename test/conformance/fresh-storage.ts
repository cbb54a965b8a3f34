// What each storage conformance suite runs on: a fresh, migrated storage per test, closed after it.
import { afterEach, beforeEach } from 'vitest';
import type { Storage } from '../../src/core/ports/storage.js';

export interface StorageHarness {
  /** A fresh, empty, migrated storage. */
  open(): Promise<Storage>;
  /** Opens the same database again (a restart), migrated. */
  reopen(): Promise<Storage>;
}

export interface FreshStorage {
  /** Stands for the storage the running test has open (the reopened one after `reopen`). */
  readonly storage: Storage;
  /** Opens the same database again, as after a restart (close the old one first). */
  reopen: () => Promise<void>;
}

/** Opens `harness` before each test of the calling `describe` (then runs `prepare`) and closes it after. */
export function freshStorageEach(
  harness: StorageHarness,
  prepare: (s: Storage) => Promise<unknown> = () => Promise.resolve(),
): FreshStorage {
  let current: Storage | undefined;
  const open = (): Storage => {
    if (current === undefined) throw new Error('storage is open only inside a test');
    return current;
  };
  beforeEach(async () => {
    current = await harness.open();
    await prepare(current);
  });
  afterEach(async () => {
    await open().close();
  });
  const storage = new Proxy({} as Storage, {
    get: (_, key) => {
      const target = open();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    storage,
    reopen: async () => {
      current = await harness.reopen();
    },
  };
}
