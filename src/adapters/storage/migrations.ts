// Numbered schema migrations, one entry per version, with the SQL for each backend (see schema/).
import { claimLeases } from './schema/claim-leases.js';
import { connectorTables } from './schema/connector-tables.js';
import { deliveryTables } from './schema/delivery-tables.js';
import { POSTGRES, SQLITE } from './schema/dialect.js';
import { endUserTables } from './schema/end-user-tables.js';
import { MAPPING_COLLECTIONS } from './schema/mapping-collections.js';
import { RARE_STATUS_INDEX, RARE_STATUS_PREDICATE } from './schema/rare-statuses.js';

// Queries on either backend use these with the index they match.
export { RARE_STATUSES, rareStatusTerm } from './schema/rare-statuses.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'connectors, actions, admin tokens, credentials',
    sqlite: connectorTables(SQLITE),
    postgres: connectorTables(POSTGRES),
  },
  {
    version: 2,
    name: 'subscriptions, messages, transfers (outbox) and the activity log',
    sqlite: deliveryTables(SQLITE),
    postgres: deliveryTables(POSTGRES),
  },
  {
    version: 3,
    name: 'end-user sessions, sign-in links, authorization states, action launch audiences',
    sqlite: endUserTables(SQLITE),
    postgres: endUserTables(POSTGRES),
  },
  {
    version: 4,
    name: 'mapping collections',
    // The same SQL runs on both backends.
    sqlite: MAPPING_COLLECTIONS,
    postgres: MAPPING_COLLECTIONS,
  },
  {
    version: 5,
    name: 'a partial status index for the rare statuses',
    sqlite: RARE_STATUS_INDEX,
    postgres: RARE_STATUS_INDEX,
  },
  {
    version: 6,
    name: 'claim owners and leases',
    sqlite: claimLeases(SQLITE),
    postgres: claimLeases(POSTGRES),
  },
  {
    version: 7,
    name: 'the rare-status index predicate as two inequalities',
    sqlite: RARE_STATUS_PREDICATE,
    postgres: RARE_STATUS_PREDICATE,
  },
];

/** Tables and columns that hold sealed values, for key rotation. */
export const SEALED_COLUMNS: readonly { table: string; key: string[]; column: string }[] = [
  { table: 'connectors', key: ['name'], column: 'auth_json' },
  { table: 'credentials', key: ['connector', 'subject'], column: 'sealed_json' },
  { table: 'subscriptions', key: ['id'], column: 'settings_json' },
  { table: 'authorization_states', key: ['state_hash'], column: 'sealed_verifier' },
];
