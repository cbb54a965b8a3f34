// Schema version 6: a claim's owner and lease on the transfer it holds.
import type { Dialect } from './dialect.js';

/** Version 6: a claim's owner and lease (see core/ports/transfer-lease.ts), set only while a transfer is sending. */
export const claimLeases = (d: Dialect): string => `
      ALTER TABLE transfers ADD COLUMN claim_owner TEXT;
      ALTER TABLE transfers ADD COLUMN lease_until ${d.bigint};`;
