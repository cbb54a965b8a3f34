// PostgreSQL implementation of the subscription and mapping collection stores.
import type { CollectionStore, SubscriptionStore } from '../../../core/ports/delivery-storage.js';
import { collectionRows, subscriptionRows } from '../stored-rows.js';
import { unlessTaken } from './postgres-errors.js';
import { all, changedOne, insertRow, one, rowCount, updateRow, type Sql } from './postgres-pool.js';

export function postgresSubscriptions(db: Sql): SubscriptionStore {
  return {
    insert: (s) => unlessTaken(() => rowCount(insertRow(db, 'subscriptions', subscriptionRows.toRow(s)))),
    // The id wins over a name that happens to equal it, as in two separate lookups.
    get: (idOrName) =>
      one(
        db.query('SELECT * FROM subscriptions WHERE id = $1 OR name = $1 ORDER BY id = $1 DESC LIMIT 1', [
          idOrName,
        ]),
        subscriptionRows.fromRow,
      ),
    list: () =>
      all(db.query('SELECT * FROM subscriptions ORDER BY name COLLATE "C"'), subscriptionRows.fromRow),
    update: (s) =>
      unlessTaken(() => rowCount(updateRow(db, 'subscriptions', subscriptionRows.toRow(s), 'id'))),
    // Transfers, attempts and collections go with it (ON DELETE CASCADE).
    delete: (id) => changedOne(db.query('DELETE FROM subscriptions WHERE id = $1', [id])),
    setHealth: async (id, health, detail) => {
      await db.query('UPDATE subscriptions SET health = $2, health_detail = $3 WHERE id = $1', [
        id,
        health,
        detail,
      ]);
    },
  };
}

export function postgresCollections(db: Sql): CollectionStore {
  return {
    insert: (c) => unlessTaken(() => rowCount(insertRow(db, 'mapping_collections', collectionRows.toRow(c)))),
    list: (subscriptionId) =>
      all(
        db.query(
          'SELECT * FROM mapping_collections WHERE subscription_id = $1 ORDER BY sort_order, name COLLATE "C"',
          [subscriptionId],
        ),
        collectionRows.fromRow,
      ),
    get: (subscriptionId, idOrName) =>
      one(
        db.query(
          `SELECT * FROM mapping_collections WHERE subscription_id = $1 AND (id = $2 OR name = $2)
           ORDER BY id = $2 DESC LIMIT 1`,
          [subscriptionId, idOrName],
        ),
        collectionRows.fromRow,
      ),
    update: (c) =>
      unlessTaken(() =>
        rowCount(
          db.query(
            `UPDATE mapping_collections SET name = $3, sort_order = $4, definition_json = $5, updated_at = $6
             WHERE id = $1 AND subscription_id = $2`,
            [c.id, c.subscriptionId, c.name, c.sortOrder, c.definitionJson, c.updatedAt],
          ),
        ),
      ),
    delete: (subscriptionId, id) =>
      changedOne(
        db.query('DELETE FROM mapping_collections WHERE subscription_id = $1 AND id = $2', [
          subscriptionId,
          id,
        ]),
      ),
  };
}
