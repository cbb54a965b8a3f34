// Writes lines of the activity log on PostgreSQL, many in one statement.
import type { StoredAttempt } from '../../../core/ports/delivery-storage.js';
import { ms, type Sql } from './postgres-pool.js';

/** Activity lines in one statement: a column array each, unnested row by row in order. */
export async function insertAttempts(sql: Sql, lines: readonly StoredAttempt[]): Promise<void> {
  if (lines.length === 0) return;
  const col = <K extends keyof StoredAttempt>(k: K) => lines.map((a) => a[k]);
  await sql.query(
    `INSERT INTO attempts (tracking_id, subscription_id, message_id, attempt, outcome, http_status, duration_ms,
       error_text, at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::int[],
       $8::text[], $9::text[])`,
    [
      col('trackingId'),
      col('subscriptionId'),
      col('messageId'),
      col('attempt'),
      col('outcome'),
      col('httpStatus'),
      lines.map((a) => ms(a.durationMs)),
      col('errorText'),
      col('at'),
    ],
  );
}
