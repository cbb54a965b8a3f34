// Connectors and the actions run through them, on SQLite.
import type Database from 'better-sqlite3';
import type {
  ActionStore,
  ConnectorStore,
  StoredAction,
  StoredConnector,
} from '../../../core/ports/storage.js';
import { sqliteNamedRows } from './sqlite-named-rows.js';
import { rowCodec } from './sqlite-row-codec.js';

const connectors = rowCodec<StoredConnector>({
  name: 'name',
  description: 'description',
  baseUrl: 'base_url',
  authJson: 'auth_json',
  testPath: 'test_path',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

const actions = rowCodec<StoredAction>({
  name: 'name',
  connector: 'connector',
  definitionJson: 'definition_json',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
});

export function sqliteConnectors(db: Database.Database): ConnectorStore {
  return sqliteNamedRows(db, 'connectors', connectors);
}

export function sqliteActions(db: Database.Database): ActionStore {
  return {
    ...sqliteNamedRows(db, 'actions', actions),
    usingConnector: (connector) =>
      Promise.resolve(
        db
          .prepare('SELECT name FROM actions WHERE connector = ? ORDER BY name')
          .pluck()
          .all(connector) as string[],
      ),
  };
}
