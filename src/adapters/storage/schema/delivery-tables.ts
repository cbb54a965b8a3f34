// Schema version 2: subscriptions, messages, the transfer outbox and the activity log.
import type { Dialect } from './dialect.js';

/** Version 2: subscriptions, messages, the transfer outbox and the activity log. */
export const deliveryTables = (d: Dialect): string => `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        settings_json TEXT NOT NULL,
        health TEXT NOT NULL DEFAULT 'ok',
        health_detail TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        body_json TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
      CREATE TABLE transfers (
        seq ${d.serial},
        tracking_id TEXT NOT NULL UNIQUE,
        subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        part INTEGER NOT NULL,
        parts INTEGER NOT NULL,
        payload_json TEXT,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at ${d.bigint} NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        debug ${d.flag},
        http_status INTEGER,
        error_code TEXT,
        error_text TEXT,
        received_at_ms ${d.bigint} NOT NULL,
        delivered_at_ms ${d.bigint},
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (subscription_id, message_id, part)
      );
      CREATE INDEX transfers_due ON transfers(subscription_id, priority DESC, next_attempt_at, seq)
        WHERE status = 'queued';
      CREATE INDEX transfers_status ON transfers(status, seq);
      CREATE INDEX transfers_message ON transfers(message_id);
      CREATE TABLE attempts (
        id ${d.serial},
        tracking_id TEXT NOT NULL,
        subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        http_status INTEGER,
        duration_ms INTEGER NOT NULL,
        error_text TEXT,
        at TEXT NOT NULL
      );
      CREATE INDEX attempts_tracking ON attempts(tracking_id);
      CREATE INDEX attempts_errors ON attempts(id) WHERE error_text IS NOT NULL;`;
