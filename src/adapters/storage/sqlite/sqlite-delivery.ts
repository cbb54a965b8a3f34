// SQLite implementation of the delivery store: messages, the transfer outbox and the activity log.
import type Database from 'better-sqlite3';
import type {
  DeliveryStore,
  DueTransfer,
  NewTransfer,
  StoredAttempt,
  StoredTransfer,
  TransferFilter,
  TransferResult,
  TransferStatus,
} from '../../../core/ports/delivery-storage.js';
import type { SentAttempt } from '../../../core/ports/send-journal.js';
import { RARE_STATUS_TERM, RARE_STATUSES } from '../migrations.js';

type Row = Record<string, unknown>;

const transferFromRow = (r: Row): StoredTransfer => ({
  seq: r.seq as number,
  trackingId: r.tracking_id as string,
  subscriptionId: r.subscription_id as string,
  messageId: r.message_id as string,
  part: r.part as number,
  parts: r.parts as number,
  payloadJson: (r.payload_json as string | null) ?? null,
  status: r.status as StoredTransfer['status'],
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as number,
  priority: r.priority as number,
  debug: r.debug === 1,
  httpStatus: (r.http_status as number | null) ?? null,
  errorCode: (r.error_code as string | null) ?? null,
  errorText: (r.error_text as string | null) ?? null,
  receivedAtMs: r.received_at_ms as number,
  deliveredAtMs: (r.delivered_at_ms as number | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const dueFromRow = (r: unknown[]): DueTransfer => ({
  seq: r[0] as number,
  trackingId: r[1] as string,
  subscriptionId: r[2] as string,
  messageId: r[3] as string,
  payloadJson: (r[4] as string | null) ?? null,
  attempts: r[5] as number,
  nextAttemptAt: r[6] as number,
  debug: r[7] === 1,
});

const attemptFromRow = (r: Row): StoredAttempt & { id: number } => ({
  id: r.id as number,
  trackingId: r.tracking_id as string,
  subscriptionId: r.subscription_id as string,
  messageId: r.message_id as string,
  attempt: r.attempt as number,
  outcome: r.outcome as StoredAttempt['outcome'],
  httpStatus: (r.http_status as number | null) ?? null,
  durationMs: r.duration_ms as number,
  errorText: (r.error_text as string | null) ?? null,
  at: r.at as string,
});

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
    // Only rare statuses asked for: the partial index holds them all (see RARE_STATUS_TERM).
    if (filter.statuses.every((s) => RARE_STATUSES.includes(s))) parts.push(`t.${RARE_STATUS_TERM}`);
  }
  if (filter.trackingIds !== undefined) {
    parts.push(`t.tracking_id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(filter.trackingIds));
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}

export function sqliteDelivery(db: Database.Database): DeliveryStore {
  const insertMessage = db.prepare(
    'INSERT INTO messages (id, body_json, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  // Positional parameters, as on the per-attempt statements below: binding an object by name costs more.
  const insertTransfer = db.prepare(
    `INSERT INTO transfers (tracking_id, subscription_id, message_id, part, parts, payload_json, status,
       next_attempt_at, priority, debug, error_code, error_text, received_at_ms, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  // Rows as arrays of the columns delivery needs: better-sqlite3 builds an object row a property at a time, and
  // `SELECT *` read every column of every transfer sent (4.5 µs a row, against 1.1 µs this way).
  const due = db
    .prepare(
      `SELECT seq, tracking_id, subscription_id, message_id, payload_json, attempts, next_attempt_at, debug
       FROM transfers WHERE subscription_id = ? AND status = 'queued' AND next_attempt_at <= ?
       ORDER BY priority DESC, next_attempt_at, seq LIMIT ?`,
    )
    .raw(true);
  const nextDue = db.prepare(
    `SELECT MIN(next_attempt_at) AS at FROM transfers WHERE subscription_id = ? AND status = 'queued'`,
  );
  const claim = db.prepare(
    `UPDATE transfers SET status = 'sending', attempts = attempts + 1, updated_at = ?
     WHERE seq = ? AND status = 'queued'`,
  );
  // Positional parameters on the per-attempt statements, as in recordAttempt.
  const finish = db.prepare(
    `UPDATE transfers SET status = ?, attempts = attempts + ?, next_attempt_at = ?, http_status = ?, error_code = ?,
       error_text = ?, delivered_at_ms = ?, updated_at = ?
     WHERE seq = ? AND status = 'sending'`,
  );
  const attemptInsert = db.prepare(
    `INSERT INTO attempts (tracking_id, subscription_id, message_id, attempt, outcome, http_status, duration_ms,
       error_text, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  /** One activity line (positional parameters: binding an object by name costs more at this rate). */
  const recordAttempt = (a: StoredAttempt): void => {
    attemptInsert.run(
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

  /** Inserts a transfer; one that fails or is skipped at mapping time gets its activity line at once. */
  const addTransfer = (t: NewTransfer, at: string): number => {
    const added = insertTransfer.run(
      t.trackingId,
      t.subscriptionId,
      t.messageId,
      t.part,
      t.parts,
      t.payloadJson,
      t.status,
      t.receivedAtMs,
      t.priority,
      t.debug ? 1 : 0,
      t.errorCode,
      t.errorText,
      t.receivedAtMs,
      at,
      at,
    ).changes;
    if (added === 1 && t.status !== 'queued')
      recordAttempt({
        trackingId: t.trackingId,
        subscriptionId: t.subscriptionId,
        messageId: t.messageId,
        attempt: 0,
        outcome: t.status,
        httpStatus: null,
        durationMs: 0,
        errorText: t.errorText,
        at,
      });
    return added;
  };
  const ingest = db.transaction((items: Parameters<DeliveryStore['ingest']>[0]) =>
    items.map((m) => {
      const duplicate = insertMessage.run(m.id, m.bodyJson, m.receivedAt).changes === 0;
      if (!duplicate) for (const t of m.transfers) addTransfer(t, m.receivedAt);
      return { id: m.id, duplicate };
    }),
  );
  const addTransfers = db.transaction((transfers: readonly NewTransfer[], at: string) =>
    transfers.reduce((n, t) => n + addTransfer(t, at), 0),
  );
  const unclaim = db.prepare(
    `UPDATE transfers SET status = 'queued', attempts = attempts - 1, updated_at = ? WHERE seq = ? AND status = 'sending'`,
  );
  const commit = db.transaction(
    (results: readonly TransferResult[], seqs: readonly number[], at: string, release: readonly number[]) => {
      for (const seq of release) unclaim.run(at, seq);
      for (const r of results) {
        const a = r.attempt;
        // A transfer no longer `sending` (settled by a recovery meanwhile) keeps its state and gets no line.
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
        ).changes;
        if (finished === 1) recordAttempt(a);
      }
      return new Set(seqs.filter((seq) => claim.run(at, seq).changes === 1));
    },
  );
  // Transfers in flight, through the partial index that holds `sending` (see RARE_STATUS_TERM).
  const SENDING = `status = 'sending' AND ${RARE_STATUS_TERM}`;
  const recover = db.transaction(
    (requeue: readonly string[], errorText: string, at: string, sent: readonly SentAttempt[] | undefined) => {
      // Claimed ahead and never sent (the journal has no line for the attempt): back to the queue, attempt undone.
      // Few transfers are `sending`; the journal may hold many lines, so the match is made here, by seq.
      let unsent = 0;
      if (sent !== undefined) {
        const sentAttempt = new Map(sent.map((a) => [a.seq, a.attempt]));
        const inFlight = db.prepare(`SELECT seq, attempts FROM transfers WHERE ${SENDING}`).all() as Row[];
        const never = inFlight
          .filter((r) => sentAttempt.get(r.seq as number) !== r.attempts)
          .map((r) => r.seq);
        unsent = db
          .prepare(
            `UPDATE transfers SET status = 'queued', attempts = attempts - 1, updated_at = ?
             WHERE ${SENDING} AND seq IN (SELECT value FROM json_each(?))`,
          )
          .run(at, JSON.stringify(never)).changes;
      }
      const back = db
        .prepare(
          `UPDATE transfers SET status = 'queued', updated_at = ?
           WHERE ${SENDING} AND subscription_id IN (SELECT value FROM json_each(?))`,
        )
        .run(at, JSON.stringify(requeue)).changes;
      const rows = db
        .prepare(
          `UPDATE transfers SET status = 'unconfirmed', error_code = 'INTERRUPTED', error_text = ?, updated_at = ?
           WHERE ${SENDING} RETURNING tracking_id, subscription_id, message_id, attempts`,
        )
        .all(errorText, at) as Row[];
      for (const r of rows)
        recordAttempt({
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
    },
  );

  return {
    ingest: (items) => Promise.resolve(ingest(items)),
    addTransfers: (transfers) => Promise.resolve(addTransfers(transfers, new Date().toISOString())),
    getMessages: (ids) =>
      Promise.resolve(
        (
          db
            .prepare('SELECT * FROM messages WHERE id IN (SELECT value FROM json_each(?))')
            .all(JSON.stringify(ids)) as Row[]
        ).map((r) => ({
          id: r.id as string,
          bodyJson: r.body_json as string,
          receivedAt: r.received_at as string,
        })),
      ),
    due: (subscriptionId, now, limit) =>
      Promise.resolve((due.all(subscriptionId, now, limit) as unknown[][]).map(dueFromRow)),
    nextDueAt: (subscriptionId) =>
      Promise.resolve(((nextDue.get(subscriptionId) as Row).at as number | null) ?? undefined),
    commit: (results, seqs, at, release = []) => Promise.resolve(commit(results, seqs, at, release)),
    recoverInterrupted: (requeue, errorText, at, sent) =>
      Promise.resolve(recover(requeue, errorText, at, sent)),
    listTransfers: (filter, limit, beforeSeq) => {
      const w = where(filter);
      const rows = db
        .prepare(`SELECT * FROM transfers t WHERE t.seq < ?${w.sql} ORDER BY t.seq DESC LIMIT ?`)
        .all(beforeSeq ?? Number.MAX_SAFE_INTEGER, ...w.params, limit) as Row[];
      return Promise.resolve(rows.map(transferFromRow));
    },
    getTransfer: (trackingId) => {
      const row = db.prepare('SELECT * FROM transfers WHERE tracking_id = ?').get(trackingId) as
        Row | undefined;
      return Promise.resolve(row === undefined ? undefined : transferFromRow(row));
    },
    attempts: (filter, limit, beforeId) => {
      const w = where({ ...filter, statuses: undefined });
      const errors = filter.errorsOnly ? ' AND t.error_text IS NOT NULL' : '';
      const rows = db
        .prepare(`SELECT t.* FROM attempts t WHERE t.id < ?${w.sql}${errors} ORDER BY t.id DESC LIMIT ?`)
        .all(beforeId ?? Number.MAX_SAFE_INTEGER, ...w.params, limit) as Row[];
      return Promise.resolve(rows.map(attemptFromRow));
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
