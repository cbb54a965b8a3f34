// One HTTP call to a login or token endpoint of a non-OAuth 2.0 type: URL resolution and transport failures.
import { AuthError } from '../../core/errors.js';
import type { OutboundFetch, OutboundInit } from '../../core/ports/outbound.js';
import { describeUrl } from './request-credentials.js';
import { transportReason } from './token-errors.js';

/**
 * An absolute URL as it is; a path after `baseUrl`, keeping the base URL's own path prefix
 * (`https://x/api` + `/login` → `https://x/api/login`). Throws TypeError for a path without a base URL.
 */
export function resolveEndpoint(value: string, baseUrl: string | undefined): URL {
  if (!value.startsWith('/')) return new URL(value);
  if (baseUrl === undefined || !URL.canParse(baseUrl))
    throw new TypeError(`${value} is a path, but the connector has no base URL to resolve it against`);
  const url = new URL(baseUrl);
  const target = new URL(value, 'http://x');
  url.pathname = url.pathname.replace(/\/+$/, '') + target.pathname;
  url.search = target.search;
  url.hash = '';
  return url;
}

/**
 * Sends one request; a failure before any answer becomes ERR_AUTH_ENDPOINT_UNREACHABLE naming `what`
 * (`login URL`), the host and the reason, never a header or body.
 */
export async function callEndpoint(
  fetch: OutboundFetch,
  connector: string,
  what: string,
  url: URL,
  init: OutboundInit,
): Promise<Response> {
  try {
    return await fetch(url, { redirect: 'manual', ...init });
  } catch (cause) {
    const reason = transportReason(cause);
    throw new AuthError(
      'ERR_AUTH_ENDPOINT_UNREACHABLE',
      `connector "${connector}": could not reach the ${what} ${describeUrl(url)} (${reason}); ` +
        'check the URL and that Ferry can reach that host',
      { details: { host: url.host, reason } },
    );
  }
}
