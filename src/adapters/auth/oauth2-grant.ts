// The shared shape of every token-endpoint grant: form fields, client authentication, extra headers, Bearer use.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { Clock } from '../../core/clock.js';
import type { ClientAssertionKeys } from '../../core/ports/client-assertion-keys.js';
import type { ObtainOptions, TokenAuthMethod } from '../../core/ports/auth-method.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import type { ClientAuthRunner } from './client-auth.js';
import { applyBearer } from './request-credentials.js';
import type { TokenRequester } from './token-request.js';

/** What every auth method factory may use. */
export interface MethodDeps {
  readonly request: TokenRequester;
  readonly clock: Clock;
  readonly scrubber: SecretScrubber;
  /** Ferry's private_key_jwt signing keys; absent where no connector uses them (some tests). */
  readonly keys?: ClientAssertionKeys | undefined;
}

/** The fields all OAuth2 grants share in the auth config (moveworks.md §3, "custom options"). */
export type OAuth2Common = Pick<
  AuthOf<'oauth2_client_credentials'>,
  | 'clientId'
  | 'clientSecret'
  | 'oauth2TokenUrl'
  | 'oauth2ClientAuthentication'
  | 'clientCertificate'
  | 'clientAssertionAlgorithm'
  | 'clientAssertionAudience'
  | 'clientAssertionLifetimeSeconds'
  | 'additionalRequestData'
  | 'additionalHeaders'
  | 'customGrantType'
>;

export interface GrantSettings {
  readonly connector: string;
  readonly tokenUrl: string;
  /** grant_type after Custom Grant Type replaced it. */
  readonly grantType: string;
  readonly clientAuth: ClientAuthRunner;
  /** Form fields besides grant_type, per request (a refresh token or an assertion changes each time). */
  readonly params: (
    options: ObtainOptions,
  ) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly usesRefreshToken: boolean;
  /** What to fix on invalid_grant, worded for the grant. */
  readonly invalidGrantHint: string;
}

/** Parses the token URL once, when the method is built (RFC 6749 §3.2: an absolute URL). */
export function tokenUrlOf(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new TypeError('the token URL must be an absolute http(s) URL');
  return url;
}

/** A TokenAuthMethod that obtains tokens with `settings` and sends them as Bearer (RFC 6750 §2.1). */
export function oauth2Grant(settings: GrantSettings, request: TokenRequester): TokenAuthMethod {
  const tokenUrl = tokenUrlOf(settings.tokenUrl);
  if (settings.grantType.trim() === '') throw new TypeError('grant_type must not be empty');
  return {
    kind: 'token',
    local: false,
    usesRefreshToken: settings.usesRefreshToken,
    obtain: async (options = {}) => {
      const params = await settings.params(options);
      return settings.clientAuth((clientAuth) =>
        request({
          connector: settings.connector,
          tokenUrl,
          grantType: settings.grantType,
          params,
          clientAuth,
          headers: settings.headers,
          invalidGrantHint: settings.invalidGrantHint,
          signal: options.signal,
        }),
      );
    },
    apply: applyBearer,
  };
}

/** Additional Request Data first, so the fields a grant defines cannot be overridden by it. */
export const withExtra = (
  extra: Readonly<Record<string, string>> | undefined,
  fields: Readonly<Record<string, string | undefined>>,
): Record<string, string> => {
  const out: Record<string, string> = { ...extra };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') out[k] = v;
  return out;
};
