// Recovery on SQLite: settles the transfers in flight that a recovery scope takes (see core/ports/transfer-lease.ts).
import type Database from 'better-sqlite3';
import type { StoredAttempt } from '../../../core/ports/delivery-storage.js';
import type { RecoveryScope } from '../../../core/ports/transfer-lease.js';
import { SENDING } from './sqlite-claims.js';
import type { Row } from '../stored-rows.js';

export type SqliteRecovery = (
  scope: RecoveryScope,
  requeue: readonly string[],
  errorText: string,
  at: string,
) => number;

export function sqliteRecovery(db: Database.Database, record: (a: StoredAttempt) => void): SqliteRecovery {
  return db.transaction((scope: RecoveryScope, requeue: readonly string[], errorText: string, at: string) => {
    // The transfers this scope takes, as a term on `transfers` and its parameters.
    const [taken, params]: [string, unknown[]] =
      'soleOwner' in scope
        ? [SENDING, []]
        : [
            `${SENDING} AND COALESCE(lease_until, 0) < ? AND COALESCE(claim_owner, '') <> ?`,
            [scope.lapsedBefore, scope.self],
          ];
    const released = 'claim_owner = NULL, lease_until = NULL';
    // Claimed ahead and never sent (the journal has no line for the attempt): back to the queue, attempt undone.
    // Few transfers are `sending`; the journal may hold many lines, so the match is made here, by seq.
    let unsent = 0;
    const sent = 'soleOwner' in scope ? scope.sent : undefined;
    if (sent !== undefined) {
      const sentAttempt = new Map(sent.map((a) => [a.seq, a.attempt]));
      const inFlight = db
        .prepare(`SELECT seq, attempts FROM transfers WHERE ${taken}`)
        .all(...params) as Row[];
      const never = inFlight.filter((r) => sentAttempt.get(r.seq as number) !== r.attempts).map((r) => r.seq);
      unsent = db
        .prepare(
          `UPDATE transfers SET status = 'queued', attempts = attempts - 1, ${released}, updated_at = ?
           WHERE ${taken} AND seq IN (SELECT value FROM json_each(?))`,
        )
        .run(at, ...params, JSON.stringify(never)).changes;
    }
    const back = db
      .prepare(
        `UPDATE transfers SET status = 'queued', ${released}, updated_at = ?
         WHERE ${taken} AND subscription_id IN (SELECT value FROM json_each(?))`,
      )
      .run(at, ...params, JSON.stringify(requeue)).changes;
    const rows = db
      .prepare(
        `UPDATE transfers SET status = 'unconfirmed', error_code = 'INTERRUPTED', error_text = ?, ${released},
           updated_at = ?
         WHERE ${taken} RETURNING tracking_id, subscription_id, message_id, attempts`,
      )
      .all(errorText, at, ...params) as Row[];
    for (const r of rows)
      record({
        trackingId: r.tracking_id as string,
        subscriptionId: r.subscription_id as string,
        messageId: r.message_id as string,
        attempt: r.attempts as number,
        outcome: 'unconfirmed',
        httpStatus: null,
        durationMs: 0,
        errorText,
        at,
      });
    return unsent + back + rows.length;
  });
}
