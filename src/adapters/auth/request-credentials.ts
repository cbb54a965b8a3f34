// Small helpers that put credentials on a PreparedRequest: one header per name whatever its case, query parameters.
import type { PreparedRequest } from '../../core/ports/prepared-request.js';

/** Sets `name: value`, replacing a header of the same name in any letter case (RFC 9110 §5.1). */
export function setHeader(req: PreparedRequest, name: string, value: string): void {
  const lower = name.toLowerCase();
  for (const key of Object.keys(req.headers)) {
    if (key.toLowerCase() === lower) delete req.headers[key];
  }
  req.headers[name] = value;
}

/** Sets a query parameter, replacing any with the same name; URLSearchParams does the encoding. */
export function setQueryParam(req: PreparedRequest, name: string, value: string): void {
  req.url.searchParams.set(name, value);
}

/** RFC 6750 §2.1: the access token in the Authorization header with the Bearer scheme. */
export function applyBearer(req: PreparedRequest, accessToken: string): void {
  setHeader(req, 'Authorization', `Bearer ${accessToken}`);
}

/** `origin/path` of a URL for steps and messages: never the query (it may carry a key) nor user info. */
export const describeUrl = (url: URL): string => `${url.origin}${url.pathname}`;

/** The text masked values are replaced with in steps. */
export const MASK = '[REDACTED]';
