// A request about to be sent, as auth methods see it: both auth ports use it, so it stands on its own.

/** A request about to be sent; strategies add headers or query parameters to it in place. */
export interface PreparedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
}
