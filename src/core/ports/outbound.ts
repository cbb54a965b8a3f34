// The outbound HTTP port: a fetch that refuses forbidden addresses and enforces a timeout.

export interface OutboundInit extends RequestInit {
  /** Whole-request timeout in milliseconds (connect, send, headers and body). Default from config. */
  readonly timeoutMs?: number;
}

/**
 * fetch-compatible: resolves a Response for any HTTP status. Rejects with OutboundError for a blocked
 * address (ERR_OUTBOUND_ADDRESS_BLOCKED), a timeout, a refused connection or a TLS failure.
 */
export type OutboundFetch = (url: string | URL, init?: OutboundInit) => Promise<Response>;

/** What a caller that reads the whole answer as text needs. */
export interface TextResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null };
  /** The whole body; may be called more than once. */
  text(): Promise<string>;
}

/**
 * The same outbound policy and OutboundErrors as OutboundFetch, for small JSON APIs called at high rates (the
 * Moveworks Events API): the answer is read whole, without web streams. Without a caller `signal`, `timeoutMs`
 * bounds the wait for the answer's headers and then each wait for more of its body (not their sum).
 */
export type OutboundText = (url: string | URL, init?: OutboundInit) => Promise<TextResponse>;
