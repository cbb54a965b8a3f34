// The Moveworks destination port: what delivery needs from an Events API client, and what a send came to.
import type { MoveworksPayload } from '../delivery/moveworks.js';
import type { OutboundText } from './outbound.js';

/** Every outcome except `delivered` carries the iPaaS-style `errorText` users search for. */
export type SendOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'rate_limited'; readonly retryAfterMs: number; readonly errorText: string }
  | { readonly kind: 'unauthorized'; readonly errorText: string }
  | {
      readonly kind: 'rejected';
      readonly status: number;
      readonly code: string;
      readonly message: string;
      readonly errorText: string;
    }
  | {
      readonly kind: 'unavailable';
      readonly status?: number;
      readonly reason: string;
      readonly errorText: string;
    }
  | { readonly kind: 'unconfirmed'; readonly reason: string; readonly errorText: string };

export type MoveworksCallKind = 'token' | 'send' | 'auth_test';

export interface AuthTestResult {
  readonly ok: boolean;
  readonly status: number;
  readonly message: string;
}

/**
 * The Events API client (a DestinationClient whose payloads are MoveworksPayloads). `via`, where a method takes
 * it, sends that call's HTTP requests instead of the client's own fetch: the dispatcher passes one that holds a
 * gate slot taken before the transfer was claimed.
 */
export interface MoveworksClient {
  /** A bearer token: cached until near expiry; throws OAuthError when the token request fails. */
  token(via?: OutboundText): Promise<string>;
  /** True while a send now would wait for a token another call is fetching (see DestinationClient.tokenPending). */
  tokenPending(): boolean;
  /** GET /rest/v1/auth/test; throws OAuthError for token failures and OutboundError for transport ones. */
  authTest(): Promise<AuthTestResult>;
  /** Resolves an outcome for every HTTP answer and transport failure; throws OAuthError for refused credentials. */
  send(payload: MoveworksPayload, via?: OutboundText): Promise<SendOutcome>;
}
