// Rows as the storage port types them, from the columns both backends share (snake_case, as in migrations.ts).
import type {
  DueTransfer,
  StoredAttempt,
  StoredCollection,
  StoredSubscription,
  StoredTransfer,
} from '../../core/ports/delivery-storage.js';
import type {
  StoredAuthorizationState,
  StoredSession,
  StoredSignInLink,
} from '../../core/ports/end-user-storage.js';
import type {
  StoredAction,
  StoredApiToken,
  StoredConnector,
  StoredCredential,
} from '../../core/ports/storage.js';

export type Row = Record<string, unknown>;

export interface RowCodec<T> {
  readonly fromRow: (r: Row) => T;
  readonly toRow: (item: T) => Row;
}

type Words<S extends string> = S extends `${infer W} ${infer Rest}` ? W | Words<Rest> : S;
type ExactKeys<T, S extends string> = [Exclude<keyof T, Words<S>> | Exclude<Words<S>, keyof T>] extends [
  never,
]
  ? S
  : 'name every property of the record once, separated by single spaces';

const columnOf = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A record type's rows both ways, from its property names (checked against the type) in one string: each property
 * lives in the snake_case column of its name, as in migrations.ts. `flags` are booleans (SQLite stores 0 or 1,
 * PostgreSQL a boolean); NULL reads as null, which is what the optional fields hold.
 */
export const rowCodec =
  <T extends object>() =>
  <S extends string>(fields: S & ExactKeys<T, S>, flags: readonly Words<S>[] = []): RowCodec<T> => {
    const columns = fields
      .split(' ')
      .map((key) => ({ key, column: columnOf(key), flag: (flags as readonly string[]).includes(key) }));
    return {
      fromRow: (r) => {
        const item: Row = {};
        for (const { key, column, flag } of columns) {
          const value = r[column] ?? null;
          item[key] = flag ? value === true || value === 1 : value;
        }
        return item as T;
      },
      toRow: (item) => {
        const row: Row = {};
        for (const { key, column, flag } of columns) {
          const value = (item as Row)[key];
          row[column] = flag ? (value === true ? 1 : 0) : value;
        }
        return row;
      },
    };
  };

export const connectorRows = rowCodec<StoredConnector>()(
  'name description baseUrl authJson testPath createdAt updatedAt',
);
export const actionRows = rowCodec<StoredAction>()('name connector definitionJson createdAt updatedAt');
export const tokenRows = rowCodec<StoredApiToken>()('id name hash createdAt lastUsedAt revokedAt');
export const credentialRows = rowCodec<StoredCredential>()(
  'connector subject sealedJson expiresAt generation needsReauth updatedAt',
  ['needsReauth'],
);
export const subscriptionRows = rowCodec<StoredSubscription>()(
  'id name settingsJson health healthDetail createdAt updatedAt',
);
export const collectionRows = rowCodec<StoredCollection>()(
  'id subscriptionId name sortOrder definitionJson createdAt updatedAt',
);
export const sessionRows = rowCodec<StoredSession>()('idHash email createdAt expiresAt');
export const linkRows = rowCodec<StoredSignInLink>()('tokenHash email createdAt expiresAt');
export const stateRows = rowCodec<StoredAuthorizationState>()(
  'stateHash purpose email connector sealedVerifier expiresAt',
);
export const transferRows = rowCodec<StoredTransfer>()(
  'seq trackingId subscriptionId messageId part parts payloadJson status attempts nextAttemptAt priority debug httpStatus errorCode errorText receivedAtMs deliveredAtMs createdAt updatedAt',
  ['debug'],
);
export const attemptRows = rowCodec<StoredAttempt & { id: number }>()(
  'id trackingId subscriptionId messageId attempt outcome httpStatus durationMs errorText at',
);
export const dueRows = rowCodec<DueTransfer>()(
  'seq trackingId subscriptionId messageId payloadJson attempts nextAttemptAt debug',
  ['debug'],
);
