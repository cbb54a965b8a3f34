// Session-cookie auth: log in, keep the Set-Cookie values (RFC 6265) as the credential, send them as Cookie.
import { parse, type Cookie } from 'set-cookie-parser';
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { Clock } from '../../core/clock.js';
import { DEFAULT_LOGIN_BODY } from '../../core/connectors/cookie-auth.js';
import { AuthError } from '../../core/errors.js';
import type { TokenAuthMethod } from '../../core/ports/auth-method.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import type { PreparedRequest } from '../../core/ports/prepared-request.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { callEndpoint, resolveEndpoint } from './endpoint-call.js';
import { describeUrl } from './request-credentials.js';

export interface CookieDeps {
  readonly fetch: OutboundFetch;
  /** Turns `Expires` dates into lifetimes. */
  readonly clock: Clock;
  readonly scrubber: SecretScrubber;
}

/** `{{username}}` / `{{password}}` encoded for the body's media type, so a quote or "&" cannot break it. */
function loginBody(config: AuthOf<'cookie'>): string {
  const type = config.loginContentType.toLowerCase();
  const encode = type.includes('json')
    ? (v: string) => JSON.stringify(v).slice(1, -1)
    : type.includes('x-www-form-urlencoded')
      ? encodeURIComponent
      : (v: string) => v;
  const values: Record<string, string> = { username: config.username, password: config.password };
  return (config.loginBody ?? DEFAULT_LOGIN_BODY).replace(
    /\{\{\s*(username|password)\s*\}\}/g,
    (_, k: string) => encode(values[k] ?? ''),
  );
}

/** RFC 6265 §5.3: Max-Age wins over Expires; undefined for a session cookie. Seconds from `now`. */
function lifetimeOf(cookie: Cookie, now: number): number | undefined {
  if (cookie.maxAge !== undefined) return cookie.maxAge;
  if (cookie.expires !== undefined) return Math.floor((cookie.expires.getTime() - now) / 1000);
  return undefined;
}

/** Adds the session cookies after any Cookie the action sets itself (RFC 6265 §5.4: one header, "; "). */
function applyCookies(req: PreparedRequest, cookies: string): void {
  const name = Object.keys(req.headers).find((k) => k.toLowerCase() === 'cookie');
  if (name === undefined) req.headers.Cookie = cookies;
  else req.headers[name] = `${req.headers[name]}; ${cookies}`;
}

/**
 * Logs in with `loginMethod` at `loginUrl` and keeps the cookies it sets (only `cookieNames` when given): the
 * credential is their `name=value` list, valid until the first of them expires (`sessionSeconds` when none
 * says). The engine caches it sealed, logs in again before expiry or after a 401, once for all waiting requests.
 */
export function cookie(
  connector: string,
  config: AuthOf<'cookie'>,
  baseUrl: string | undefined,
  deps: CookieDeps,
): TokenAuthMethod {
  const url = resolveEndpoint(config.loginUrl, baseUrl);
  const step = `${config.loginMethod} ${describeUrl(url)} (login as ${config.username})`;
  const fix = `check the Username, Password and Login Body of connector "${connector}"`;
  return {
    kind: 'token',
    local: false,
    usesRefreshToken: false,
    async obtain(options = {}) {
      const body = config.loginMethod === 'GET' ? undefined : loginBody(config);
      const response = await callEndpoint(deps.fetch, connector, 'login URL', url, {
        method: config.loginMethod,
        headers: {
          accept: 'application/json, */*',
          ...(body === undefined ? {} : { 'content-type': config.loginContentType }),
          ...config.additionalHeaders,
        },
        ...(body === undefined ? {} : { body }),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      await response.body?.cancel();
      if (response.status >= 400)
        throw new AuthError(
          'ERR_AUTH_LOGIN_REJECTED',
          `connector "${connector}": the login at ${describeUrl(url)} answered HTTP ${response.status}; ${fix}`,
          { details: { status: response.status, step: `${step} → ${response.status}` } },
        );
      const now = deps.clock.now();
      const kept = parse(response.headers.getSetCookie(), { decodeValues: false }).filter(
        (c) => (config.cookieNames?.includes(c.name) ?? true) && (lifetimeOf(c, now) ?? 1) > 0,
      );
      if (kept.length === 0)
        throw new AuthError(
          'ERR_AUTH_LOGIN_NO_COOKIE',
          `connector "${connector}": the login at ${describeUrl(url)} answered HTTP ${response.status} without ` +
            `${config.cookieNames ? `the cookies ${config.cookieNames.join(', ')}` : 'setting a cookie'}; check its Login Url and Cookie Names`,
          { details: { status: response.status, step: `${step} → ${response.status}, no cookie` } },
        );
      deps.scrubber.addShortLived(...kept.map((c) => c.value));
      const lifetimes = kept.flatMap((c) => lifetimeOf(c, now) ?? []);
      const expiresInSeconds = lifetimes.length > 0 ? Math.min(...lifetimes) : config.sessionSeconds;
      const names = kept.map((c) => c.name).join(', ');
      const expires = expiresInSeconds === undefined ? 'no expiry' : `expires in ${expiresInSeconds} s`;
      return {
        accessToken: kept.map((c) => `${c.name}=${c.value}`).join('; '),
        tokenType: 'cookie',
        expiresInSeconds,
        steps: [`${step} → ${response.status}, cookies ${names}, ${expires}`],
      };
    },
    apply: applyCookies,
  };
}
