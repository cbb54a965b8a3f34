// The activity log's one write: an attempt line, as ingest, a dispatcher turn and a recovery each record it.
import type Database from 'better-sqlite3';
import type { StoredAttempt } from '../../../core/ports/delivery-storage.js';

/** Records one activity line (positional parameters: binding an object by name costs more at this rate). */
export function sqliteActivity(db: Database.Database): (a: StoredAttempt) => void {
  const insert = db.prepare(
    `INSERT INTO attempts (tracking_id, subscription_id, message_id, attempt, outcome, http_status, duration_ms,
       error_text, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (a) => {
    insert.run(
      a.trackingId,
      a.subscriptionId,
      a.messageId,
      a.attempt,
      a.outcome,
      a.httpStatus,
      a.durationMs,
      a.errorText,
      a.at,
    );
  };
}
