// PostgreSQL implementation of the delivery store: messages, the transfer outbox and the activity log.
import type { DeliveryStore, MessageIngest, NewTransfer } from '../../../core/ports/delivery-storage.js';
import { dueRows } from '../stored-rows.js';
import { insertAttempts } from './postgres-attempts.js';
import { commitTurn, SENDING } from './postgres-claims.js';
import { all, ms, transaction, type FerryPool, type Sql } from './postgres-pool.js';
import { reconnecting } from './postgres-reconnect.js';
import { recoverInterrupted } from './postgres-recovery.js';
import { postgresTransferQueries } from './postgres-transfer-queries.js';

/**
 * Inserts transfers whose tracking id and (subscription, message, part) are new; one that fails or is skipped
 * at mapping time gets its activity line at once. Resolves how many were added.
 */
async function addTransfers(sql: Sql, transfers: readonly { t: NewTransfer; at: string }[]): Promise<number> {
  if (transfers.length === 0) return 0;
  const col = <T>(f: (x: { t: NewTransfer; at: string }) => T) => transfers.map(f);
  const added = await sql.query(
    `INSERT INTO transfers (tracking_id, subscription_id, message_id, part, parts, payload_json, status,
       next_attempt_at, priority, debug, error_code, error_text, received_at_ms, created_at, updated_at)
     SELECT v.*, v.created_at FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[],
       $7::text[], $8::bigint[], $9::int[], $10::boolean[], $11::text[], $12::text[], $8::bigint[], $13::text[])
       AS v(tracking_id, subscription_id, message_id, part, parts, payload_json, status, next_attempt_at, priority,
         debug, error_code, error_text, received_at_ms, created_at)
     ON CONFLICT DO NOTHING
     RETURNING tracking_id, subscription_id, message_id, status, error_text, created_at`,
    [
      col((x) => x.t.trackingId),
      col((x) => x.t.subscriptionId),
      col((x) => x.t.messageId),
      col((x) => x.t.part),
      col((x) => x.t.parts),
      col((x) => x.t.payloadJson),
      col((x) => x.t.status),
      col((x) => ms(x.t.receivedAtMs)),
      col((x) => x.t.priority),
      col((x) => x.t.debug),
      col((x) => x.t.errorCode),
      col((x) => x.t.errorText),
      col((x) => x.at),
    ],
  );
  await insertAttempts(
    sql,
    added.rows
      .filter((r) => r.status !== 'queued')
      .map((r) => ({
        trackingId: r.tracking_id as string,
        subscriptionId: r.subscription_id as string,
        messageId: r.message_id as string,
        attempt: 0,
        outcome: r.status as 'failed' | 'skipped',
        httpStatus: null,
        durationMs: 0,
        errorText: (r.error_text as string | null) ?? null,
        at: r.created_at as string,
      })),
  );
  return added.rowCount ?? 0;
}

/**
 * Stores the messages whose id is new, and their transfers. A concurrent ingest of the same id waits on the key
 * and then does nothing (ON CONFLICT DO NOTHING), so exactly one caller sees it as new. Ids are inserted in
 * sorted order, so two batches that share ids take their keys in one order and cannot deadlock on them.
 */
async function ingest(sql: Sql, items: readonly MessageIngest[]) {
  const first = new Map<string, MessageIngest>();
  for (const m of items) if (!first.has(m.id)) first.set(m.id, m);
  const unique = [...first.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const inserted = await sql.query(
    `INSERT INTO messages (id, body_json, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING RETURNING id`,
    [unique.map((m) => m.id), unique.map((m) => m.bodyJson), unique.map((m) => m.receivedAt)],
  );
  const fresh = new Set(inserted.rows.map((r) => r.id as string));
  await addTransfers(
    sql,
    unique.filter((m) => fresh.has(m.id)).flatMap((m) => m.transfers.map((t) => ({ t, at: m.receivedAt }))),
  );
  // A repeat of an id within the batch is a duplicate of its first occurrence.
  const seen = new Set<string>();
  return items.map((m) => {
    const duplicate = seen.has(m.id) || !fresh.has(m.id);
    seen.add(m.id);
    return { id: m.id, duplicate };
  });
}

export function postgresDelivery(pool: FerryPool): DeliveryStore {
  const db: Sql = pool;
  return {
    ingest: (items) => transaction(pool, (sql) => ingest(sql, items)),
    addTransfers: (transfers) => {
      const at = new Date().toISOString();
      return transaction(pool, (sql) =>
        addTransfers(
          sql,
          transfers.map((t) => ({ t, at })),
        ),
      );
    },
    getMessages: (ids) =>
      all(db.query('SELECT * FROM messages WHERE id = ANY($1::text[])', [ids]), (r) => ({
        id: r.id as string,
        bodyJson: r.body_json as string,
        receivedAt: r.received_at as string,
      })),
    // The dispatcher's polls: reads, so safe to repeat while the server comes back.
    due: (subscriptionId, now, limit) =>
      reconnecting(
        () =>
          all(
            db.query(
              `SELECT seq, tracking_id, subscription_id, message_id, payload_json, attempts, next_attempt_at, debug
               FROM transfers WHERE subscription_id = $1 AND status = 'queued' AND next_attempt_at <= $2
               ORDER BY priority DESC, next_attempt_at, seq LIMIT $3`,
              [subscriptionId, ms(now), limit],
            ),
            dueRows.fromRow,
          ),
        pool.reconnectMs,
      ),
    nextDueAt: (subscriptionId) =>
      reconnecting(async () => {
        const next = await db.query(
          `SELECT MIN(next_attempt_at) AS at FROM transfers WHERE subscription_id = $1 AND status = 'queued'`,
          [subscriptionId],
        );
        return (next.rows[0]?.at as number | null) ?? undefined;
      }, pool.reconnectMs),
    commit: (turn) => transaction(pool, (sql) => commitTurn(sql, turn)),
    renew: async (lease) =>
      (
        await db.query(`UPDATE transfers SET lease_until = $1 WHERE ${SENDING} AND claim_owner = $2`, [
          ms(lease.until),
          lease.owner,
        ])
      ).rowCount ?? 0,
    recoverInterrupted: (scope, requeue, errorText, at) =>
      transaction(pool, (sql) => recoverInterrupted(sql, scope, { requeue, errorText, at })),
    ...postgresTransferQueries(db),
  };
}
