// A dispatcher's turn on SQLite: claims under a lease, attempt ends and hand-backs in one transaction, and renewals.
import type Database from 'better-sqlite3';
import type { CommitTurn, StoredAttempt } from '../../../core/ports/delivery-storage.js';
import type { Lease } from '../../../core/ports/transfer-lease.js';
import { rareStatusTerm } from '../migrations.js';

/** Transfers in flight, through the partial index that holds `sending` (see rareStatusTerm). */
export const SENDING = `status = 'sending' AND ${rareStatusTerm()}`;

export interface SqliteClaims {
  commit(turn: CommitTurn): Set<number>;
  renew(lease: Lease): number;
}

export function sqliteClaims(db: Database.Database, record: (a: StoredAttempt) => void): SqliteClaims {
  // Positional parameters on these per-attempt statements: binding an object by name costs more.
  const claim = db.prepare(
    `UPDATE transfers SET status = 'sending', attempts = attempts + 1, claim_owner = ?, lease_until = ?,
       updated_at = ?
     WHERE seq = ? AND status = 'queued'`,
  );
  // Only the owner's: a transfer a recovery took (settled, or claimed again by another owner) is left as it is.
  const finish = db.prepare(
    `UPDATE transfers SET status = ?, attempts = attempts + ?, next_attempt_at = ?, http_status = ?, error_code = ?,
       error_text = ?, delivered_at_ms = ?, claim_owner = NULL, lease_until = NULL, updated_at = ?
     WHERE seq = ? AND status = 'sending' AND claim_owner = ?`,
  );
  const unclaim = db.prepare(
    `UPDATE transfers SET status = 'queued', attempts = attempts - 1, claim_owner = NULL, lease_until = NULL,
       updated_at = ?
     WHERE seq = ? AND status = 'sending' AND claim_owner = ?`,
  );
  const renew = db.prepare(`UPDATE transfers SET lease_until = ? WHERE ${SENDING} AND claim_owner = ?`);

  const commit = db.transaction((turn: CommitTurn) => {
    const { owner, until } = turn.lease;
    for (const seq of turn.release ?? []) unclaim.run(turn.at, seq, owner);
    for (const r of turn.finished) {
      const a = r.attempt;
      const finished = finish.run(
        r.status,
        r.attemptsDelta,
        r.nextAttemptAt,
        r.httpStatus,
        r.errorCode,
        r.errorText,
        r.deliveredAtMs,
        a.at,
        r.seq,
        owner,
      ).changes;
      if (finished === 1) record(a);
    }
    return new Set(turn.claim.filter((seq) => claim.run(owner, until, turn.at, seq).changes === 1));
  });

  return {
    commit,
    renew: (lease) => renew.run(lease.until, lease.owner).changes,
  };
}
