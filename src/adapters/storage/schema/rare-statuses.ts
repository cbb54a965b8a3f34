// The transfer statuses that hold few rows, and the partial index over them (schema version 5).

/**
 * The statuses that hold few rows: every one but `queued` (the due index covers it) and `delivered` (nearly every
 * row). Queries that filter on these statuses repeat this exact term so SQLite can use the partial index below,
 * which is SQLite's condition for using a partial index.
 */
export const RARE_STATUSES: readonly string[] = ['sending', 'failed', 'unconfirmed', 'skipped', 'dismissed'];
export const RARE_STATUS_TERM = `status IN (${RARE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Version 5: the status index holds only the rare statuses. The full index cost four B-tree changes for each
 * delivered transfer (queued → sending → delivered), a third of delivery's database time.
 */
export const RARE_STATUS_INDEX = `
      DROP INDEX transfers_status;
      CREATE INDEX transfers_rare_status ON transfers(status, seq) WHERE ${RARE_STATUS_TERM};`;
