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

/** A TLS client certificate for mutual TLS (RFC 8446 §4.4.2), as node:tls takes it. */
export interface ClientTls {
  readonly cert?: string | undefined;
  readonly key?: string | undefined;
  /** PKCS#12 bytes. */
  readonly pfx?: Uint8Array | undefined;
  readonly passphrase?: string | undefined;
  /** PEM CA trusted for the server besides Node's roots and the configured extra CA. */
  readonly ca?: string | undefined;
}

export interface TransportOptions {
  readonly clientTls?: ClientTls | undefined;
  /** At most this many connections per origin (1 for connection-bound auth such as NTLM). Default unlimited. */
  readonly connectionsPerOrigin?: number | undefined;
}

/** An OutboundFetch with a connection pool of its own (same address policy and timeouts); `close` ends it. */
export type OutboundTransport = OutboundFetch & { close(): Promise<void> };

/** Builds a transport with its own TLS identity or connection limit; implemented by the outbound adapter. */
export type OutboundTransports = (options: TransportOptions) => OutboundTransport;
