// Schema version 4: mapping collections, the same SQL on both backends.

export const MAPPING_COLLECTIONS = `
      CREATE TABLE mapping_collections (
        id TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        sort_order INTEGER NOT NULL,
        definition_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (subscription_id, name)
      );`;
