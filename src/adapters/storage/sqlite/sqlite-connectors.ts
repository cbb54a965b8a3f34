// Connectors and the actions run through them, on SQLite.
import type Database from 'better-sqlite3';
import type {
  ActionStore,
  ConnectorStore,
  StoredAction,
  StoredConnector,
} from '../../../core/ports/storage.js';
import { sqliteNamedRows } from './sqlite-named-rows.js';
import type { Row } from './sqlite-transfer-rows.js';

const connectorFromRow = (r: Row): StoredConnector => ({
  name: r.name as string,
  description: r.description as string,
  baseUrl: r.base_url as string,
  authJson: r.auth_json as string,
  testPath: (r.test_path as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const connectorToRow = (c: StoredConnector): Row => ({
  name: c.name,
  description: c.description,
  base_url: c.baseUrl,
  auth_json: c.authJson,
  test_path: c.testPath,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

const actionFromRow = (r: Row): StoredAction => ({
  name: r.name as string,
  connector: r.connector as string,
  definitionJson: r.definition_json as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const actionToRow = (a: StoredAction): Row => ({
  name: a.name,
  connector: a.connector,
  definition_json: a.definitionJson,
  created_at: a.createdAt,
  updated_at: a.updatedAt,
});

export function sqliteConnectors(db: Database.Database): ConnectorStore {
  return sqliteNamedRows(db, 'connectors', connectorFromRow, connectorToRow);
}

export function sqliteActions(db: Database.Database): ActionStore {
  return {
    ...sqliteNamedRows(db, 'actions', actionFromRow, actionToRow),
    usingConnector: (connector) =>
      Promise.resolve(
        db
          .prepare('SELECT name FROM actions WHERE connector = ? ORDER BY name')
          .pluck()
          .all(connector) as string[],
      ),
  };
}
