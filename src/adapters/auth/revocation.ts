// Token revocation (RFC 7009) through oauth4webapi: each token in turn, with the configured form field and client auth.
import * as oauth from 'oauth4webapi';
import { isFerryError } from '../../core/errors.js';
import type { RevocationOutcome } from '../../core/ports/auth-method.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import type { ClientAuthChoice } from './token-request.js';
import { describeUrl } from './request-credentials.js';

export interface RevocationSettings {
  readonly revokeUrl: URL;
  /** RFC 7009 §2.1 sends the token as `token`; some providers want another field name. */
  readonly tokenKey: string;
  readonly clientAuth: ClientAuthChoice;
}

type Hint = 'refresh_token' | 'access_token';

/** Revokes the refresh token first (RFC 7009 §2.1: that ends the grant at most providers), then the access token. */
export async function revokeTokens(
  settings: RevocationSettings,
  fetch: OutboundFetch,
  tokens: { readonly refreshToken?: string | undefined; readonly accessToken?: string | undefined },
): Promise<RevocationOutcome> {
  const url = settings.revokeUrl;
  const as: oauth.AuthorizationServer = { issuer: url.origin, revocation_endpoint: url.href };
  const client: oauth.Client = { client_id: settings.clientAuth.clientId };
  const send = (target: string, init: oauth.CustomFetchOptions<'POST', URLSearchParams>) => {
    if (settings.tokenKey !== 'token') {
      init.body.set(settings.tokenKey, init.body.get('token') ?? '');
      init.body.delete('token');
    }
    return fetch(target, init);
  };
  const pending: [Hint, string][] = [];
  if (tokens.refreshToken !== undefined) pending.push(['refresh_token', tokens.refreshToken]);
  if (tokens.accessToken !== undefined) pending.push(['access_token', tokens.accessToken]);
  const steps: string[] = [];
  let ok = true;
  for (const [hint, token] of pending) {
    const step = `POST ${describeUrl(url)} ${settings.tokenKey}=[REDACTED] token_type_hint=${hint} client_auth=${settings.clientAuth.name}`;
    try {
      const response = await oauth.revocationRequest(as, client, settings.clientAuth.auth, token, {
        additionalParameters: { token_type_hint: hint },
        [oauth.customFetch]: send,
        [oauth.allowInsecureRequests]: url.protocol === 'http:',
      });
      await oauth.processRevocationResponse(response);
      steps.push(`${step} → ${response.status}`);
    } catch (e) {
      ok = false;
      const why = e instanceof oauth.ResponseBodyError ? `${e.status} ${e.error}` : failure(e);
      steps.push(`${step} → ${why}`);
    }
  }
  return { ok, steps };
}

/** A status, or an error code or name; never a message, which may quote the request. */
function failure(e: unknown): string {
  if (e instanceof oauth.OperationProcessingError && e.cause instanceof Response) return `${e.cause.status}`;
  if (isFerryError(e)) return e.code;
  return e instanceof Error ? e.name : 'failed';
}
