// What the HTTP edge needs from the engine, injected by the composition root.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { DeliveryMetrics } from '../core/ports/delivery-observer.js';
import type { Logger } from '../core/ports/logger.js';
import type { ActionService } from '../engine/actions/action-service.js';
import type { AdminTokens } from '../engine/access/admin-tokens.js';
import type { ConnectorKeys } from '../engine/connectors/connector-keys.js';
import type { ConnectorService } from '../engine/connectors/connector-service.js';
import type { MappingService } from '../engine/mappings/mapping-service.js';
import type { MonitoringHistory } from '../engine/monitoring/monitoring-history.js';
import type { MessageService } from '../engine/messages/message-service.js';
import type { SubscriptionService } from '../engine/subscriptions/subscription-service.js';
import type { TransferService } from '../engine/messages/transfer-service.js';
import type { ConnectorTestResult } from './contracts/connectors.js';
import type { KeyRotationResult } from './contracts/keys.js';
import type { BulkSummaryView } from './contracts/messages.js';
import type { EndUserDeps } from './end-user/deps.js';

export interface ApiDeps {
  readonly connectors: ConnectorService;
  readonly actions: ActionService;
  readonly tokens: AdminTokens;
  readonly subscriptions: SubscriptionService;
  readonly messages: MessageService;
  readonly transfers: TransferService;
  readonly bulk: BulkIngest;
  readonly mappings: MappingService;
  /** Obtains credentials and, when the connector has a test path, calls it. */
  readonly testConnector: (name: string) => Promise<ConnectorTestResult>;
  /** private_key_jwt signing keys: the public JWKS and rotation per connector. */
  readonly connectorKeys: Pick<ConnectorKeys, 'jwks' | 'rotate'>;
  /** Re-seals every stored secret under the primary master key (after adding a new one when the key is a file). */
  readonly rotateKeys: () => Promise<KeyRotationResult>;
  /** Masks every secret Ferry knows (connector secrets, tokens it obtained) in a text shown to a user. */
  readonly scrub: (text: string) => string;
  readonly ready: () => Promise<boolean>;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** Delivery's counters and queue depth, for /metrics and the console. */
  readonly metrics: DeliveryMetrics;
  /** /metrics without an admin token (FERRY_METRICS_PUBLIC). */
  readonly metricsPublic: boolean;
  /** Integration Monitoring's sampled time series. */
  readonly monitoring: MonitoringHistory;
  /** Sign-in, sessions and connections of end users (the pages beside the API). */
  readonly endUser: EndUserDeps;
}

/** Streams records out of a bulk upload into messages; built by the composition root. */
export interface BulkIngest {
  /** The format for a Content-Type, or undefined when it is not one Ferry reads. */
  formatOf(contentType: string): 'ndjson' | 'json' | 'csv' | undefined;
  ingest(source: AsyncIterable<Uint8Array>, format: 'ndjson' | 'json' | 'csv'): Promise<BulkSummaryView>;
}

export type ApiEnv = { Variables: { tokenId: string } };
export type ApiApp = OpenAPIHono<ApiEnv>;

/** Registers one endpoint on the app. */
export type RegisterRoute = (app: ApiApp, deps: ApiDeps) => void;

/** Every /api/v1 route needs an admin token. */
export const adminSecurity = [{ adminToken: [] }];
