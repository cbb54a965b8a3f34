// Moveworks webhook listener facts (moveworks.md §1, "Ambient Agents Webhooks"): limits, body rules, auth config.
import type { AuthConfig } from '../connectors/auth-config.js';
import { ipaasErrorText } from './moveworks.js';

/** Where a subscription delivers: the Events API (`/rest/v1/events/…`) or a webhook listener. */
export const DESTINATION_KINDS = ['events', 'listener'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/** How a listener verifies Ferry's requests: not at all, a client-credentials bearer, or an API key. */
export const LISTENER_AUTH_KINDS = ['none', 'oauth', 'api_key'] as const;
export type ListenerAuthKind = (typeof LISTENER_AUTH_KINDS)[number];

/** Moveworks' documented listener limits: a secured one 5 requests per second, an unsecured one 1 per 10 s. */
export const LISTENER_LIMITS: Readonly<Record<'secured' | 'unsecured', { limit: number; seconds: number }>> =
  {
    secured: { limit: 5, seconds: 1 },
    unsecured: { limit: 1, seconds: 10 },
  };

export const listenerLimits = (auth: ListenerAuthKind) =>
  LISTENER_LIMITS[auth === 'none' ? 'unsecured' : 'secured'];

/** A listener ignores the body of a request over 1 MB (its filters and mappings see nothing): refuse to send one. */
export const MAX_LISTENER_BODY_BYTES = 1_048_576;

/** The API key goes in `Authorization: Bearer <key>` unless the listener's verification rule names another header. */
export const DEFAULT_API_KEY_HEADER = 'Authorization';
export const DEFAULT_API_KEY_PATTERN = 'Bearer %s';

export const listenerNotifyUrl = (apiUrl: string, listenerId: string): string =>
  `${apiUrl.replace(/\/+$/, '')}/webhooks/v1/listeners/${encodeURIComponent(listenerId)}/notify`;

/** The credentials a subscription keeps for either destination: a Client ID and Secret, or an API Key. */
export interface MoveworksCredentials {
  readonly listenerAuth?: ListenerAuthKind | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly apiKey?: string | undefined;
}

/** The listener's credential settings, as a subscription keeps them. */
export interface ListenerCredentials extends MoveworksCredentials {
  readonly apiUrl: string;
  readonly tokenUrl?: string | undefined;
  readonly apiKeyHeader?: string | undefined;
  readonly apiKeyPattern?: string | undefined;
}

/**
 * The connector auth config that puts these credentials on a notification, so listeners use the connectors' own
 * strategies: `none`, `oauth2_client_credentials` (token from `{API URL}/oauth/v1/token` unless `tokenUrl` says
 * otherwise, sent form-encoded in the body as moveworks.md §1 shows it) or `api_key` in a header.
 */
export function listenerAuthConfig(c: ListenerCredentials): AuthConfig {
  switch (c.listenerAuth ?? 'none') {
    case 'none':
      return { type: 'none' };
    case 'oauth':
      return {
        type: 'oauth2_client_credentials',
        clientId: c.clientId ?? '',
        clientSecret: c.clientSecret ?? '',
        oauth2TokenUrl: c.tokenUrl ?? `${c.apiUrl.replace(/\/+$/, '')}/oauth/v1/token`,
        oauth2ClientAuthentication: 'request_body',
      };
    case 'api_key':
      return {
        type: 'api_key',
        apiKey: c.apiKey ?? '',
        headerAuthKey: c.apiKeyHeader ?? DEFAULT_API_KEY_HEADER,
        headerAuthValuePattern: c.apiKeyPattern ?? DEFAULT_API_KEY_PATTERN,
      };
  }
}

/** What is wrong with a mapped listener body, or an empty list: it must be JSON of at most 1 MB. */
export function listenerBodyProblems(body: unknown): string[] {
  if (body === undefined) return ['body: no row writes Body'];
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (err) {
    return [`body: cannot be sent as JSON (${err instanceof Error ? err.message : String(err)})`];
  }
  if (json === undefined) return ['body: cannot be sent as JSON'];
  const bytes = new TextEncoder().encode(json).length;
  return bytes > MAX_LISTENER_BODY_BYTES
    ? [`body: ${bytes} bytes, over the listener limit of ${MAX_LISTENER_BODY_BYTES} (1 MB)`]
    : [];
}

/** The iPaaS-style error text of a listener call: `Error calling Moveworks CallWrapper.NotifyListener: …`. */
export const listenerErrorText = (details: string, status?: number): string =>
  ipaasErrorText(details, status, 'NotifyListener');
