// The operator's side of the outbox on SQLite: transfers and activity lines by filter, replay and dismissal.
import type Database from 'better-sqlite3';
import type { DeliveryStore, TransferFilter, TransferStatus } from '../../../core/ports/delivery-storage.js';
import { RARE_STATUSES, rareStatusTerm } from '../migrations.js';
import { attemptRows, transferRows, type Row } from '../stored-rows.js';

export type TransferQueries = Pick<
  DeliveryStore,
  'listTransfers' | 'getTransfer' | 'attempts' | 'requeue' | 'dismiss' | 'countByStatus'
>;

/** Statuses a replay may queue again, and those a dismissal may close. */
const REPLAYABLE: readonly TransferStatus[] = ['failed', 'unconfirmed', 'dismissed'];
const DISMISSABLE: readonly TransferStatus[] = ['failed', 'unconfirmed'];

/** The statuses a filter names (every allowed one when it names none) that `allowed` lets through. */
const within = (statuses: readonly TransferStatus[] | undefined, allowed: readonly TransferStatus[]) =>
  (statuses ?? allowed).filter((s) => allowed.includes(s));

/** A WHERE clause (with a leading AND) and its parameters for a transfer filter on table alias `t`. */
function where(filter: TransferFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.subscriptionId !== undefined) {
    parts.push('t.subscription_id = ?');
    params.push(filter.subscriptionId);
  }
  if (filter.messageId !== undefined) {
    parts.push('t.message_id = ?');
    params.push(filter.messageId);
  }
  if (filter.statuses !== undefined) {
    parts.push(`t.status IN (${filter.statuses.map(() => '?').join(', ') || 'NULL'})`);
    params.push(...filter.statuses);
    // Only rare statuses asked for: the partial index holds them all (see rareStatusTerm).
    if (filter.statuses.every((s) => RARE_STATUSES.includes(s))) parts.push(rareStatusTerm('t.status'));
  }
  if (filter.trackingIds !== undefined) {
    parts.push(`t.tracking_id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(filter.trackingIds));
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export function sqliteTransferQueries(db: Database.Database): TransferQueries {
  return {
    listTransfers: (filter, limit, beforeSeq) => {
      const w = where(filter);
      const rows = db
        .prepare(`SELECT * FROM transfers t WHERE t.seq < ?${w.sql} ORDER BY t.seq DESC LIMIT ?`)
        .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, ...w.params, limit) as Row[];
      return Promise.resolve(rows.map(transferRows.fromRow));
    },
    getTransfer: (trackingId) => {
      const row = db.prepare('SELECT * FROM transfers WHERE tracking_id = ?').get(trackingId) as
        Row | undefined;
      return Promise.resolve(row === undefined ? undefined : transferRows.fromRow(row));
    },
    attempts: (filter, limit, beforeId) => {
      const w = where({ ...filter, statuses: undefined });
      const errors = filter.errorsOnly ? ' AND t.error_text IS NOT NULL' : '';
      const rows = db
        .prepare(`SELECT t.* FROM attempts t WHERE t.id < ?${w.sql}${errors} ORDER BY t.id DESC LIMIT ?`)
        .all(beforeId ?? Number.MAX_SAFE_INTEGER, ...w.params, limit) as Row[];
      return Promise.resolve(rows.map(attemptRows.fromRow));
    },
    requeue: (filter, now, priority, debug, at) => {
      const w = where({ ...filter, statuses: within(filter.statuses, REPLAYABLE) });
      const changes = db
        .prepare(
          `UPDATE transfers AS t SET status = 'queued', attempts = 0, next_attempt_at = ?, priority = ?, debug = ?,
             updated_at = ? WHERE 1 = 1${w.sql} AND t.payload_json IS NOT NULL`,
        )
        .run(now, priority, debug ? 1 : 0, at, ...w.params).changes;
      return Promise.resolve(changes);
    },
    dismiss: (filter, at) => {
      const w = where({ ...filter, statuses: within(filter.statuses, DISMISSABLE) });
      const changes = db
        .prepare(`UPDATE transfers AS t SET status = 'dismissed', updated_at = ? WHERE 1 = 1${w.sql}`)
        .run(at, ...w.params).changes;
      return Promise.resolve(changes);
    },
    countByStatus: (subscriptionId) => {
      const rows = db
        .prepare(
          `SELECT status, COUNT(*) AS n FROM transfers ${subscriptionId === undefined ? '' : 'WHERE subscription_id = ?'}
           GROUP BY status`,
        )
        .all(...(subscriptionId === undefined ? [] : [subscriptionId])) as Row[];
      return Promise.resolve(Object.fromEntries(rows.map((r) => [r.status as string, r.n as number])));
    },
  };
}
