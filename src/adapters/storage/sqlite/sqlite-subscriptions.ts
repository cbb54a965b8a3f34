// SQLite implementation of the subscription and mapping collection stores.
import type Database from 'better-sqlite3';
import type { CollectionStore, SubscriptionStore } from '../../../core/ports/delivery-storage.js';

import { unlessTaken } from './sqlite-errors.js';
import { insertRow } from './sqlite-named-rows.js';
import { collectionRows, subscriptionRows, type Row } from '../stored-rows.js';

const { fromRow, toRow } = subscriptionRows;

export function sqliteSubscriptions(db: Database.Database): SubscriptionStore {
  const byId = db.prepare('SELECT * FROM subscriptions WHERE id = ?');
  const byName = db.prepare('SELECT * FROM subscriptions WHERE name = ?');
  return {
    insert: (s) => Promise.resolve(unlessTaken(() => insertRow(db, 'subscriptions', toRow(s)))),
    get: (idOrName) => {
      const row = (byId.get(idOrName) ?? byName.get(idOrName)) as Row | undefined;
      return Promise.resolve(row === undefined ? undefined : fromRow(row));
    },
    list: () =>
      Promise.resolve((db.prepare('SELECT * FROM subscriptions ORDER BY name').all() as Row[]).map(fromRow)),
    update: (s) =>
      Promise.resolve(
        unlessTaken(
          () =>
            db
              .prepare(
                `UPDATE subscriptions SET name = @name, settings_json = @settings_json, health = @health,
                 health_detail = @health_detail, updated_at = @updated_at WHERE id = @id`,
              )
              .run(toRow(s)).changes,
        ),
      ),
    delete: (id) =>
      Promise.resolve(db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes === 1),
    setHealth: (id, health, detail) => {
      db.prepare('UPDATE subscriptions SET health = ?, health_detail = ? WHERE id = ?').run(
        health,
        detail,
        id,
      );
      return Promise.resolve();
    },
  };
}

const { fromRow: collectionFromRow, toRow: collectionRow } = collectionRows;

export function sqliteCollections(db: Database.Database): CollectionStore {
  return {
    insert: (c) => Promise.resolve(unlessTaken(() => insertRow(db, 'mapping_collections', collectionRow(c)))),
    list: (subscriptionId) =>
      Promise.resolve(
        (
          db
            .prepare('SELECT * FROM mapping_collections WHERE subscription_id = ? ORDER BY sort_order, name')
            .all(subscriptionId) as Row[]
        ).map(collectionFromRow),
      ),
    get: (subscriptionId, idOrName) => {
      const row = db
        .prepare(
          'SELECT * FROM mapping_collections WHERE subscription_id = ? AND (id = ? OR name = ?) ORDER BY id = ? DESC LIMIT 1',
        )
        .get(subscriptionId, idOrName, idOrName, idOrName) as Row | undefined;
      return Promise.resolve(row === undefined ? undefined : collectionFromRow(row));
    },
    update: (c) =>
      Promise.resolve(
        unlessTaken(
          () =>
            db
              .prepare(
                `UPDATE mapping_collections SET name = @name, sort_order = @sort_order, definition_json = @definition_json,
                 updated_at = @updated_at WHERE id = @id AND subscription_id = @subscription_id`,
              )
              .run(collectionRow(c)).changes,
        ),
      ),
    delete: (subscriptionId, id) =>
      Promise.resolve(
        db
          .prepare('DELETE FROM mapping_collections WHERE subscription_id = ? AND id = ?')
          .run(subscriptionId, id).changes === 1,
      ),
  };
}
