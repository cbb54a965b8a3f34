// Connectors and the actions run through them, on SQLite.
import type Database from 'better-sqlite3';
import type { ActionStore, ConnectorStore } from '../../../core/ports/storage.js';
import { sqliteNamedRows } from './sqlite-named-rows.js';
import { actionRows, connectorRows } from '../stored-rows.js';

export function sqliteConnectors(db: Database.Database): ConnectorStore {
  return sqliteNamedRows(db, 'connectors', connectorRows);
}

export function sqliteActions(db: Database.Database): ActionStore {
  return {
    ...sqliteNamedRows(db, 'actions', actionRows),
    usingConnector: (connector) =>
      Promise.resolve(
        db
          .prepare('SELECT name FROM actions WHERE connector = ? ORDER BY name')
          .pluck()
          .all(connector) as string[],
      ),
  };
}
