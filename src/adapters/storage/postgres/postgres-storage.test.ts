// Runs the storage conformance suite against the real PostgreSQL, each storage in a schema of its own.
import { afterAll } from 'vitest';
import { describeStorageConformance } from '../../../../test/conformance/storage.js';
import { TestSchemas } from '../../../../test/support/postgres.js';
import { openPostgresStorage } from './postgres-storage.js';

const schemas = new TestSchemas();
afterAll(() => schemas.dropAll());

let url = '';
const open = async () => {
  const s = openPostgresStorage(url);
  await s.migrate();
  return s;
};

describeStorageConformance('postgres', {
  open: async () => {
    url = (await schemas.create()).url;
    return open();
  },
  reopen: open,
});
