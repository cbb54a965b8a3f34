// PostgreSQL queries over transfers and the activity log by filter: listing, replay, dismissal, counts.
import type { DeliveryStore, TransferFilter, TransferStatus } from '../../../core/ports/delivery-storage.js';
import { attemptRows, transferRows } from '../stored-rows.js';
import { RARE_STATUSES, rareStatusTerm } from '../migrations.js';
import { all, ms, one, type Sql } from './postgres-pool.js';

/** Statuses a replay may queue again, and those a dismissal may close. */
const REPLAYABLE: readonly TransferStatus[] = ['failed', 'unconfirmed', 'dismissed'];
const DISMISSABLE: readonly TransferStatus[] = ['failed', 'unconfirmed'];

/** The statuses a filter names (every allowed one when it names none) that `allowed` lets through. */
const within = (statuses: readonly TransferStatus[] | undefined, allowed: readonly TransferStatus[]) =>
  (statuses ?? allowed).filter((s) => allowed.includes(s));

/**
 * A WHERE clause (with a leading AND) on table alias `t` for a filter, its parameters numbered after `params`
 * (which it extends).
 */
function where(filter: TransferFilter, params: unknown[]): string {
  const parts: string[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (filter.subscriptionId !== undefined) parts.push(`t.subscription_id = ${param(filter.subscriptionId)}`);
  if (filter.messageId !== undefined) parts.push(`t.message_id = ${param(filter.messageId)}`);
  if (filter.statuses !== undefined) {
    parts.push(`t.status = ANY(${param(filter.statuses)}::text[])`);
    // Only rare statuses asked for: spelled as the partial index's predicate, so the planner can prove it holds
    // for a prepared statement whose status list it cannot see (see rareStatusTerm).
    if (filter.statuses.every((s) => RARE_STATUSES.includes(s))) parts.push(rareStatusTerm('t.status'));
  }
  if (filter.trackingIds !== undefined)
    parts.push(`t.tracking_id = ANY(${param(filter.trackingIds)}::text[])`);
  return parts.map((p) => ` AND ${p}`).join('');
}

export type TransferQueries = Pick<
  DeliveryStore,
  'listTransfers' | 'getTransfer' | 'attempts' | 'requeue' | 'dismiss' | 'countByStatus'
>;

export function postgresTransferQueries(db: Sql): TransferQueries {
  return {
    listTransfers: (filter, limit, beforeSeq) => {
      const params: unknown[] = [beforeSeq ?? Number.MAX_SAFE_INTEGER];
      const w = where(filter, params);
      return all(
        db.query(
          `SELECT * FROM transfers t WHERE t.seq < $1${w} ORDER BY t.seq DESC LIMIT $${params.push(limit)}`,
          params,
        ),
        transferRows.fromRow,
      );
    },
    getTransfer: (trackingId) =>
      one(db.query('SELECT * FROM transfers WHERE tracking_id = $1', [trackingId]), transferRows.fromRow),
    attempts: (filter, limit, beforeId) => {
      const params: unknown[] = [beforeId ?? Number.MAX_SAFE_INTEGER];
      const w = where({ ...filter, statuses: undefined }, params);
      const errors = filter.errorsOnly ? ' AND t.error_text IS NOT NULL' : '';
      return all(
        db.query(
          `SELECT t.* FROM attempts t WHERE t.id < $1${w}${errors} ORDER BY t.id DESC LIMIT $${params.push(limit)}`,
          params,
        ),
        attemptRows.fromRow,
      );
    },
    requeue: async (filter, now, priority, debug, at) => {
      const params: unknown[] = [ms(now), priority, debug, at];
      const w = where({ ...filter, statuses: within(filter.statuses, REPLAYABLE) }, params);
      const done = await db.query(
        `UPDATE transfers AS t SET status = 'queued', attempts = 0, next_attempt_at = $1, priority = $2, debug = $3,
           updated_at = $4 WHERE t.payload_json IS NOT NULL${w}`,
        params,
      );
      return done.rowCount ?? 0;
    },
    dismiss: async (filter, at) => {
      const params: unknown[] = [at];
      const w = where({ ...filter, statuses: within(filter.statuses, DISMISSABLE) }, params);
      const done = await db.query(
        `UPDATE transfers AS t SET status = 'dismissed', updated_at = $1 WHERE TRUE${w}`,
        params,
      );
      return done.rowCount ?? 0;
    },
    countByStatus: async (subscriptionId) => {
      const rows = (
        subscriptionId === undefined
          ? await db.query('SELECT status, COUNT(*) AS n FROM transfers GROUP BY status')
          : await db.query(
              'SELECT status, COUNT(*) AS n FROM transfers WHERE subscription_id = $1 GROUP BY status',
              [subscriptionId],
            )
      ).rows;
      return Object.fromEntries(rows.map((r) => [r.status as string, r.n as number]));
    },
  };
}
