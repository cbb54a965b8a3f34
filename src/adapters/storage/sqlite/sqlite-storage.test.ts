// Runs the storage conformance suite against real SQLite files.
import { mkdtempSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStorageConformance } from '../../../../test/conformance/storage.js';
import { SqliteStorage } from './sqlite-storage.js';

let file = '';
const open = async () => {
  const s = new SqliteStorage(file);
  await s.migrate();
  return s;
};

describeStorageConformance('sqlite', {
  open: () => {
    file = join(mkdtempSync(join(tmpdir(), 'ferry-sqlite-')), 'ferry.db');
    return open();
  },
  reopen: open,
});

describe('SqliteStorage file', () => {
  it('is readable by its owner only', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ferry-sqlite-')), 'ferry.db');
    const s = new SqliteStorage(path);
    await s.migrate();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await s.close();
  });
});
