// A dispatcher's turn on PostgreSQL: hand-backs, attempt ends and claims under a lease, in one transaction.
import type { CommitTurn, TransferResult } from '../../../core/ports/delivery-storage.js';
import type { Lease } from '../../../core/ports/transfer-lease.js';
import { rareStatusTerm } from '../migrations.js';
import { insertAttempts } from './postgres-attempts.js';
import { ms, type Sql } from './postgres-pool.js';

/** Transfers in flight, through the partial index that holds `sending` (see rareStatusTerm). */
export const SENDING = `status = 'sending' AND ${rareStatusTerm()}`;

/** What a claim leaves behind when it ends: no owner, no lease. */
const UNCLAIMED = 'claim_owner = NULL, lease_until = NULL';

/** Attempt ends, each only on a transfer `owner` still holds; resolves the results that took effect. */
async function finish(
  sql: Sql,
  results: readonly TransferResult[],
  owner: string,
): Promise<TransferResult[]> {
  if (results.length === 0) return [];
  const bySeq = new Map<number, TransferResult>();
  for (const r of results) if (!bySeq.has(r.seq)) bySeq.set(r.seq, r);
  const rs = [...bySeq.values()];
  const done = await sql.query(
    `UPDATE transfers t SET status = v.status, attempts = t.attempts + v.delta, next_attempt_at = v.next_at,
       http_status = v.http_status, error_code = v.error_code, error_text = v.error_text,
       delivered_at_ms = v.delivered_at_ms, ${UNCLAIMED}, updated_at = v.at
     FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bigint[], $5::int[], $6::text[], $7::text[],
       $8::bigint[], $9::text[])
       AS v(seq, status, delta, next_at, http_status, error_code, error_text, delivered_at_ms, at)
     WHERE t.seq = v.seq AND t.status = 'sending' AND t.claim_owner = $10
     RETURNING t.seq`,
    [
      rs.map((r) => r.seq),
      rs.map((r) => r.status),
      rs.map((r) => r.attemptsDelta),
      rs.map((r) => ms(r.nextAttemptAt)),
      rs.map((r) => r.httpStatus),
      rs.map((r) => r.errorCode),
      rs.map((r) => r.errorText),
      rs.map((r) => (r.deliveredAtMs === null ? null : ms(r.deliveredAtMs))),
      rs.map((r) => r.attempt.at),
      owner,
    ],
  );
  const finished = new Set(done.rows.map((r) => r.seq as number));
  return rs.filter((r) => finished.has(r.seq));
}

/**
 * Claims for `lease`. A row another dispatcher has locked (claiming it this moment) is skipped rather than
 * waited for: it is theirs, and waiting would only learn that. The status is checked under the row lock, so each
 * transfer is claimed by exactly one of any number of dispatchers in any number of processes.
 */
async function claim(sql: Sql, seqs: readonly number[], lease: Lease, at: string): Promise<Set<number>> {
  if (seqs.length === 0) return new Set();
  const claimed = await sql.query(
    `UPDATE transfers SET status = 'sending', attempts = attempts + 1, claim_owner = $3, lease_until = $4,
       updated_at = $1
     WHERE seq IN (SELECT seq FROM transfers WHERE seq = ANY($2::bigint[]) AND status = 'queued'
                   ORDER BY seq FOR UPDATE SKIP LOCKED)
     RETURNING seq`,
    [at, seqs, lease.owner, ms(lease.until)],
  );
  return new Set(claimed.rows.map((r) => r.seq as number));
}

/** Runs inside the caller's transaction (see DeliveryStore.commit). */
export async function commitTurn(sql: Sql, turn: CommitTurn): Promise<Set<number>> {
  const { owner } = turn.lease;
  const release = turn.release ?? [];
  if (release.length > 0)
    await sql.query(
      `UPDATE transfers SET status = 'queued', attempts = attempts - 1, ${UNCLAIMED}, updated_at = $1
       WHERE seq = ANY($2::bigint[]) AND status = 'sending' AND claim_owner = $3`,
      [turn.at, release, owner],
    );
  const finished = await finish(sql, turn.finished, owner);
  await insertAttempts(
    sql,
    finished.map((r) => r.attempt),
  );
  return claim(sql, turn.claim, turn.lease, turn.at);
}
