// The destination port: what delivery needs from wherever a subscription sends (Events API or webhook listener).
import type { MoveworksClient, SendOutcome } from './moveworks.js';
import type { OutboundText } from './outbound.js';

/**
 * One subscription's destination client. `via`, where a method takes it, sends that call's HTTP requests
 * instead of the client's own fetch: the dispatcher passes one that holds a gate slot taken before the transfer
 * was claimed.
 */
export interface DestinationClient {
  /** Obtains the credential ahead of a send, outside any slot (a cached token); '' when there is none. */
  token(via?: OutboundText): Promise<string>;
  /**
   * True while another call fetches the token through the subscription's gate and none fresh is cached (a 401
   * dropped it, or it is due for a refresh): a send made now would wait for that request. Checked just before a
   * send: one that waited in its slot could hold the very slot the token request waits for. A send that finds
   * no token and no request makes its own, in its slot.
   */
  tokenPending(): boolean;
  /**
   * Sends one transfer's payload as mapping stored it (validated then for this destination kind). Resolves an
   * outcome for every HTTP answer and transport failure; throws OAuthError for refused credentials.
   */
  send(payload: unknown, via?: OutboundText): Promise<SendOutcome>;
}

/** What a listener's credentials came to when obtained without sending a notification. */
export interface CredentialCheck {
  /** One line per thing done, secrets masked, e.g. `POST https://…/oauth/v1/token (client_secret_post) → 200`. */
  readonly steps: readonly string[];
}

/** A webhook listener's client: `POST {API URL}/webhooks/v1/listeners/{listener id}/notify`. */
export interface ListenerClient extends DestinationClient {
  /** Obtains the credentials a notification would carry, sending none; throws OAuthError when refused. */
  checkCredentials(): Promise<CredentialCheck>;
}

/** A destination by kind, so the Connection Test can ask each what it can check. */
export type Destination =
  | { readonly kind: 'events'; readonly client: MoveworksClient }
  | { readonly kind: 'listener'; readonly client: ListenerClient };
