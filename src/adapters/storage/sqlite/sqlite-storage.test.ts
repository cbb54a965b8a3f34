// Runs the storage conformance suite against real SQLite files.
import { mkdtempSync } from 'node:fs';
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
