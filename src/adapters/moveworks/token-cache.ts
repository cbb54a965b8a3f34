// Moveworks access tokens: the token request, both response shapes, and a single-flight cache until near expiry.
import type { Clock } from '../../core/clock.js';
import { OAuthError } from '../../core/errors.js';
import type { OutboundText, TextResponse } from '../../core/ports/outbound.js';
import { isOutboundError, parseMoveworksError, retryAfterMs, safeJson } from './send-outcome.js';
import { refreshMarginMs } from '../../core/connectors/token-margin.js';

/** A usable access token and when (clock ms) it stops being used. */
export interface CachedToken {
  readonly accessToken: string;
  /** Clock time after which the token is refreshed rather than used (expiry minus the margin). */
  readonly refreshAtMs: number;
}

export interface TokenGrant {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads `{"access_token","expires_in","token_type"}` (the documented example) or the same fields wrapped in
 * `{"data":{…}}` (the OpenAPI file). `expires_in` may come as a number or a numeric string; a missing or
 * unusable one counts as 60 s, the shorter of the two documented lifetimes. Undefined when there is no token.
 */
export function parseTokenResponse(body: unknown): TokenGrant | undefined {
  if (!isRecord(body)) return undefined;
  const fields = isRecord(body.data) ? body.data : body;
  const accessToken = fields.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') return undefined;
  const tokenType = fields.token_type;
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') return undefined;
  const raw = typeof fields.expires_in === 'string' ? Number(fields.expires_in) : fields.expires_in;
  const expiresInSeconds = typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : 60;
  return { accessToken, expiresInSeconds };
}

export interface TokenRequest {
  /** `{apiUrl}/oauth/v1/token`. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch: OutboundText;
  readonly clock: Clock;
  readonly timeoutMs: number;
}

const CHECK_SETTINGS =
  "check the Client ID, the Client Secret, and that the API URL is your organisation's region " +
  '(a wrong region answers 401 "Token validation failed")';

/**
 * POSTs the client-credentials grant form-encoded. Throws OAuthError: ERR_OAUTH_INVALID_CLIENT for 400/401,
 * ERR_OAUTH_TOKEN_URL_UNREACHABLE when no answer came, ERR_OAUTH_REQUEST_REJECTED for any other status
 * (details `status`, and `retryAfterMs` for 429), ERR_OAUTH_TOKEN_RESPONSE_INVALID for a 2xx without a token.
 * Messages never carry the secret or a token.
 */
export async function requestTokenGrant(req: TokenRequest): Promise<TokenGrant> {
  const { clientId, clientSecret } = req;
  const body = new URLSearchParams({
    client_id: clientId,
    client_secret: clientSecret,
    grant_type: 'client_credentials',
  });
  let res: TextResponse;
  try {
    const headers = { accept: 'application/json' };
    res = await req.fetch(req.url, { method: 'POST', body, headers, timeoutMs: req.timeoutMs });
  } catch (err) {
    const why = isOutboundError(err) ? err.message : 'the request could not be made';
    const message = `Moveworks token URL unreachable: ${why}`;
    throw new OAuthError('ERR_OAUTH_TOKEN_URL_UNREACHABLE', message, { cause: err });
  }
  const text = await res.text().catch(() => '');
  if (res.ok) {
    const grant = parseTokenResponse(safeJson(text));
    if (grant !== undefined) return grant;
    throw new OAuthError('ERR_OAUTH_TOKEN_RESPONSE_INVALID', 'Moveworks token response has no access_token');
  }
  const said = parseMoveworksError(text).message;
  const quoted = said !== undefined && !said.includes(clientSecret) ? ` ("${said}")` : '';
  const { status } = res;
  if (status === 400 || status === 401) {
    const message = `Moveworks refused the client credentials${quoted} (Http Code: ${status}): ${CHECK_SETTINGS}`;
    throw new OAuthError('ERR_OAUTH_INVALID_CLIENT', message, { details: { status } });
  }
  const retry =
    status === 429 ? { retryAfterMs: retryAfterMs(res.headers.get('retry-after'), req.clock) } : {};
  const message = `Moveworks token request failed${quoted} (Http Code: ${status})`;
  throw new OAuthError('ERR_OAUTH_REQUEST_REJECTED', message, { details: { status, ...retry } });
}

/** What TokenCache asks when its own copy is cold: a token some process obtained, or a new one. */
export interface TokenShare {
  /**
   * The token another process left (unless it is `refused`, the one a 401 just dropped), else the result of
   * `fetchGrant`, left for the others until its refresh time. One caller at a time across every process.
   */
  obtain(fetchGrant: () => Promise<TokenGrant>, refused: string | undefined): Promise<CachedToken>;
}

/**
 * One cached token per client. Concurrent `get` calls on a cold or stale cache share one `fetchGrant`;
 * a failed fetch is not cached, so the next caller tries again. With a `share`, a cold cache first asks the
 * other processes (scale-out workers) and the fetch is one at a time across all of them.
 */
export class TokenCache {
  private current: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  /** The token a 401 dropped: the share must not hand it back. */
  private dropped: string | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly fetchGrant: (via?: OutboundText) => Promise<TokenGrant>,
    private readonly share?: TokenShare,
  ) {}

  /**
   * The cached token while it is fresh, else a new one (shared with every concurrent caller). A caller that
   * starts the token request passes its `via` to `fetchGrant`.
   */
  async get(via?: OutboundText): Promise<string> {
    const fresh = this.fresh();
    if (fresh !== undefined) return fresh.accessToken;
    this.pending ??= this.refresh(via);
    return (await this.pending).accessToken;
  }

  /** True while a token request is in flight and no fresh token is cached: `get` now would wait for it. */
  refreshing(): boolean {
    return this.pending !== undefined && this.fresh() === undefined;
  }

  /** The cached token while it is not due for a refresh. */
  private fresh(): CachedToken | undefined {
    const cached = this.current;
    return cached !== undefined && this.clock.now() < cached.refreshAtMs ? cached : undefined;
  }

  /** Forgets `accessToken` after a 401, unless a newer token has already replaced it. */
  drop(accessToken: string): void {
    if (this.current?.accessToken !== accessToken) return;
    this.current = undefined;
    this.dropped = accessToken;
  }

  private async refresh(via: OutboundText | undefined): Promise<CachedToken> {
    try {
      if (this.share !== undefined) {
        this.current = await this.share.obtain(() => this.fetchGrant(via), this.dropped);
        return this.current;
      }
      const requestedAtMs = this.clock.now();
      const grant = await this.fetchGrant(via);
      // Measured from when the request left, so a slow answer cannot stretch the token past its real expiry.
      const lifetimeMs = grant.expiresInSeconds * 1000;
      const token = {
        accessToken: grant.accessToken,
        refreshAtMs: requestedAtMs + lifetimeMs - refreshMarginMs(lifetimeMs),
      };
      this.current = token;
      return token;
    } finally {
      this.pending = undefined;
    }
  }
}
