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
