// PostgreSQL stores for connectors, actions, admin API tokens and credentials (compare-and-set on generation).
import type {
  ActionStore,
  ApiTokenStore,
  ConnectorStore,
  CredentialStore,
} from '../../../core/ports/storage.js';
import { actionRows, connectorRows, credentialRows, tokenRows } from '../stored-rows.js';
import { postgresNamedRows } from './postgres-named-rows.js';
import { all, changedOne, insertRow, ms, one, type Sql } from './postgres-pool.js';

export function postgresConnectors(db: Sql): ConnectorStore {
  return postgresNamedRows(db, 'connectors', connectorRows);
}

export function postgresActions(db: Sql): ActionStore {
  return {
    ...postgresNamedRows(db, 'actions', actionRows),
    usingConnector: (connector) =>
      all(
        db.query('SELECT name FROM actions WHERE connector = $1 ORDER BY name COLLATE "C"', [connector]),
        (r) => r.name as string,
      ),
  };
}

export function postgresApiTokens(db: Sql): ApiTokenStore {
  return {
    insert: async (t) => {
      await insertRow(db, 'api_tokens', tokenRows.toRow(t));
    },
    findByHash: (hash) =>
      one(db.query('SELECT * FROM api_tokens WHERE hash = $1', [hash]), tokenRows.fromRow),
    list: () => all(db.query('SELECT * FROM api_tokens ORDER BY created_at COLLATE "C"'), tokenRows.fromRow),
    revoke: (id, at) =>
      changedOne(
        db.query('UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, at]),
      ),
    touch: async (id, at) => {
      await db.query('UPDATE api_tokens SET last_used_at = $2 WHERE id = $1', [id, at]);
    },
    count: async () =>
      (await db.query('SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL')).rows[0]?.n as number,
  };
}

export function postgresCredentials(db: Sql): CredentialStore {
  return {
    get: (connector, subject) =>
      one(
        db.query('SELECT * FROM credentials WHERE connector = $1 AND subject = $2', [connector, subject]),
        credentialRows.fromRow,
      ),
    // Under READ COMMITTED a second writer's UPDATE waits for the first, then re-checks `generation` on the row
    // the first wrote and changes nothing; a second INSERT waits on the key and does nothing.
    compareAndSet: (next, expected) => {
      const values = [
        next.connector,
        next.subject,
        next.sealedJson,
        next.expiresAt === null ? null : ms(next.expiresAt),
        next.needsReauth,
        next.updatedAt,
      ];
      return changedOne(
        expected === 0
          ? db.query(
              `INSERT INTO credentials (connector, subject, sealed_json, expires_at, generation, needs_reauth, updated_at)
               VALUES ($1, $2, $3, $4, 1, $5, $6) ON CONFLICT DO NOTHING`,
              values,
            )
          : db.query(
              `UPDATE credentials SET sealed_json = $3, expires_at = $4, needs_reauth = $5, updated_at = $6,
                 generation = generation + 1
               WHERE connector = $1 AND subject = $2 AND generation = $7`,
              [...values, expected],
            ),
      );
    },
    delete: async (connector, subject) => {
      if (subject === undefined) await db.query('DELETE FROM credentials WHERE connector = $1', [connector]);
      else
        await db.query('DELETE FROM credentials WHERE connector = $1 AND subject = $2', [connector, subject]);
    },
  };
}
