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

/** A flag column: SQLite stores 0 or 1, PostgreSQL a boolean. */
const flag = (v: unknown): boolean => v === true || v === 1;

export const connectorFromRow = (r: Row): StoredConnector => ({
  name: r.name as string,
  description: r.description as string,
  baseUrl: r.base_url as string,
  authJson: r.auth_json as string,
  testPath: (r.test_path as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const actionFromRow = (r: Row): StoredAction => ({
  name: r.name as string,
  connector: r.connector as string,
  definitionJson: r.definition_json as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const tokenFromRow = (r: Row): StoredApiToken => ({
  id: r.id as string,
  name: r.name as string,
  hash: r.hash as string,
  createdAt: r.created_at as string,
  lastUsedAt: (r.last_used_at as string | null) ?? null,
  revokedAt: (r.revoked_at as string | null) ?? null,
});

export const credentialFromRow = (r: Row): StoredCredential => ({
  connector: r.connector as string,
  subject: r.subject as string,
  sealedJson: r.sealed_json as string,
  expiresAt: (r.expires_at as number | null) ?? null,
  generation: r.generation as number,
  needsReauth: flag(r.needs_reauth),
  updatedAt: r.updated_at as string,
});

export const subscriptionFromRow = (r: Row): StoredSubscription => ({
  id: r.id as string,
  name: r.name as string,
  settingsJson: r.settings_json as string,
  health: r.health as StoredSubscription['health'],
  healthDetail: (r.health_detail as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const collectionFromRow = (r: Row): StoredCollection => ({
  id: r.id as string,
  subscriptionId: r.subscription_id as string,
  name: r.name as string,
  sortOrder: r.sort_order as number,
  definitionJson: r.definition_json as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const sessionFromRow = (r: Row): StoredSession => ({
  idHash: r.id_hash as string,
  email: r.email as string,
  createdAt: r.created_at as number,
  expiresAt: r.expires_at as number,
});

export const linkFromRow = (r: Row): StoredSignInLink => ({
  tokenHash: r.token_hash as string,
  email: r.email as string,
  createdAt: r.created_at as number,
  expiresAt: r.expires_at as number,
});

export const stateFromRow = (r: Row): StoredAuthorizationState => ({
  stateHash: r.state_hash as string,
  purpose: r.purpose as StoredAuthorizationState['purpose'],
  email: r.email as string,
  connector: r.connector as string,
  sealedVerifier: r.sealed_verifier as string,
  expiresAt: r.expires_at as number,
});

export const transferFromRow = (r: Row): StoredTransfer => ({
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
  debug: flag(r.debug),
  httpStatus: (r.http_status as number | null) ?? null,
  errorCode: (r.error_code as string | null) ?? null,
  errorText: (r.error_text as string | null) ?? null,
  receivedAtMs: r.received_at_ms as number,
  deliveredAtMs: (r.delivered_at_ms as number | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const attemptFromRow = (r: Row): StoredAttempt & { id: number } => ({
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

export const dueFromRow = (r: Row): DueTransfer => ({
  seq: r.seq as number,
  trackingId: r.tracking_id as string,
  subscriptionId: r.subscription_id as string,
  messageId: r.message_id as string,
  payloadJson: (r.payload_json as string | null) ?? null,
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as number,
  debug: flag(r.debug),
});
