// Recovery on PostgreSQL: settles the transfers in flight that a recovery scope takes (see core/ports/transfer-lease.ts).
import type { RecoveryScope } from '../../../core/ports/transfer-lease.js';
import { insertAttempts } from './postgres-attempts.js';
import { SENDING } from './postgres-claims.js';
import { ms, type Sql } from './postgres-pool.js';

export interface Settling {
  /** Subscriptions that deliver at least once: their interrupted transfers go back to the queue. */
  readonly requeue: readonly string[];
  readonly errorText: string;
  readonly at: string;
}

const RELEASED = 'claim_owner = NULL, lease_until = NULL';

/**
 * Runs inside the caller's transaction; resolves how many transfers it settled. The rows taken are locked first
 * (FOR UPDATE), so a dispatcher's commit that races the sweep either lands before it (and the transfer is no
 * longer taken) or after it (and finds the transfer no longer its own).
 */
export async function recoverInterrupted(sql: Sql, scope: RecoveryScope, s: Settling): Promise<number> {
  // The transfers this scope takes, locked: a sole owner takes every one in flight, a sweep others' lapsed ones.
  const inFlight =
    'soleOwner' in scope
      ? await sql.query(`SELECT seq, attempts FROM transfers WHERE ${SENDING} ORDER BY seq FOR UPDATE`)
      : await sql.query(
          `SELECT seq, attempts FROM transfers
           WHERE ${SENDING} AND COALESCE(lease_until, 0) < $1 AND COALESCE(claim_owner, '') <> $2
           ORDER BY seq FOR UPDATE`,
          [ms(scope.lapsedBefore), scope.self],
        );
  if (inFlight.rows.length === 0) return 0;
  const seqs = inFlight.rows.map((r) => r.seq as number);

  // Claimed ahead and never sent (the journal has no line for the attempt): back to the queue, attempt undone.
  const sent = 'soleOwner' in scope ? scope.sent : undefined;
  let unsent = 0;
  if (sent !== undefined) {
    const sentAttempt = new Map(sent.map((a) => [a.seq, a.attempt]));
    const never = inFlight.rows
      .filter((r) => sentAttempt.get(r.seq as number) !== r.attempts)
      .map((r) => r.seq as number);
    unsent =
      (
        await sql.query(
          `UPDATE transfers SET status = 'queued', attempts = attempts - 1, ${RELEASED}, updated_at = $1
           WHERE seq = ANY($2::bigint[])`,
          [s.at, never],
        )
      ).rowCount ?? 0;
  }
  const back =
    (
      await sql.query(
        `UPDATE transfers SET status = 'queued', ${RELEASED}, updated_at = $1
         WHERE ${SENDING} AND seq = ANY($2::bigint[]) AND subscription_id = ANY($3::text[])`,
        [s.at, seqs, s.requeue],
      )
    ).rowCount ?? 0;
  const flagged = await sql.query(
    `UPDATE transfers SET status = 'unconfirmed', error_code = 'INTERRUPTED', error_text = $1, ${RELEASED},
       updated_at = $2
     WHERE ${SENDING} AND seq = ANY($3::bigint[])
     RETURNING tracking_id, subscription_id, message_id, attempts`,
    [s.errorText, s.at, seqs],
  );
  await insertAttempts(
    sql,
    flagged.rows.map((row) => ({
      trackingId: row.tracking_id as string,
      subscriptionId: row.subscription_id as string,
      messageId: row.message_id as string,
      attempt: row.attempts as number,
      outcome: 'unconfirmed' as const,
      httpStatus: null,
      durationMs: 0,
      errorText: s.errorText,
      at: s.at,
    })),
  );
  return unsent + back + flagged.rows.length;
}
