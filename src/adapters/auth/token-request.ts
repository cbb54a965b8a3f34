// Sends one token request (RFC 6749 §3.2) through oauth4webapi and the injected OutboundFetch.
import * as oauth from 'oauth4webapi';
import type { ObtainedToken } from '../../core/ports/auth-method.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { describeUrl } from './request-credentials.js';
import { TransportFailure, tokenRequestError } from './token-errors.js';

/** One way for the client to authenticate at the token endpoint, with the name steps show for it. */
export interface ClientAuthChoice {
  /** `client_secret_basic`, `client_secret_post`, `none`, `headers` or `no_client_auth`. */
  readonly name: string;
  /** The client_id oauth4webapi is given; sent only when `auth` sends it. */
  readonly clientId: string;
  readonly auth: oauth.ClientAuth;
}

export interface TokenRequest {
  readonly connector: string;
  readonly tokenUrl: URL;
  readonly grantType: string;
  /** Form fields besides grant_type; values may be secret, so steps show only `scope`. */
  readonly params: Readonly<Record<string, string>>;
  readonly clientAuth: ClientAuthChoice;
  /** Extra request headers (Additional Headers); applied before client authentication. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** What to fix on invalid_grant, e.g. `update the Refresh Token of connector "x"`. */
  readonly invalidGrantHint: string;
  readonly signal?: AbortSignal | undefined;
}

export type TokenRequester = (req: TokenRequest) => Promise<ObtainedToken>;

/**
 * Connectors use access and refresh tokens only. An ID token in a token response (a connector whose scope
 * includes `openid`) is dropped before oauth4webapi would check its `iss` against the token URL's origin,
 * which is not the provider's issuer in general.
 */
async function withoutIdToken(response: Response): Promise<Response> {
  if (response.status !== 200) return response;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => undefined);
  if (typeof body !== 'object' || body === null || !('id_token' in body)) return response;
  const rest: Record<string, unknown> = { ...body };
  delete rest.id_token;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(rest), { status: 200, headers });
}

/** A requester that sends through `fetch` and registers every token it receives with `scrubber`. */
export function createTokenRequester(fetch: OutboundFetch, scrubber: SecretScrubber): TokenRequester {
  const send = async (
    url: string,
    init: oauth.CustomFetchOptions<'POST', URLSearchParams>,
  ): Promise<Response> => {
    try {
      return await withoutIdToken(await fetch(url, init));
    } catch (cause) {
      throw new TransportFailure('token request failed in transport', { cause });
    }
  };

  return async (req) => {
    const url = req.tokenUrl;
    const scope = req.params.scope ? ` scope=${req.params.scope}` : '';
    const step = `POST ${describeUrl(url)} grant_type=${req.grantType}${scope} client_auth=${req.clientAuth.name}`;
    const as: oauth.AuthorizationServer = { issuer: url.origin, token_endpoint: url.href };
    const client: oauth.Client = { client_id: req.clientAuth.clientId };
    const auth: oauth.ClientAuth = async (a, c, body, headers) => {
      for (const [name, value] of Object.entries(req.headers ?? {})) headers.set(name, value);
      await req.clientAuth.auth(a, c, body, headers);
    };
    let status: number | undefined;
    try {
      const response = await oauth.genericTokenEndpointRequest(
        as,
        client,
        auth,
        req.grantType,
        { ...req.params },
        {
          [oauth.customFetch]: send,
          // Plain http is for local and test servers only; the schema already limits URLs to http(s).
          [oauth.allowInsecureRequests]: url.protocol === 'http:',
          ...(req.signal ? { signal: req.signal } : {}),
        },
      );
      status = response.status;
      const body = await oauth.processGenericTokenEndpointResponse(as, client, response);
      scrubber.addShortLived(body.access_token, body.refresh_token);
      const expires = body.expires_in === undefined ? 'no expiry given' : `expires in ${body.expires_in} s`;
      return {
        accessToken: body.access_token,
        tokenType: body.token_type,
        expiresInSeconds: body.expires_in,
        refreshToken: body.refresh_token,
        steps: [`${step} → ${status}, ${expires}${body.refresh_token ? ', refresh token received' : ''}`],
      };
    } catch (e) {
      throw tokenRequestError(e, {
        connector: req.connector,
        url,
        status,
        step,
        clientAuth: req.clientAuth.name,
        invalidGrantHint: req.invalidGrantHint,
        scrubber,
      });
    }
  };
}
