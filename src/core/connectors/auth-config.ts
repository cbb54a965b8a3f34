// Auth config schemas for connectors, with the field names Moveworks Creator Studio users know (moveworks.md §3).
import { z } from 'zod';
import { headerName, httpUrl, nonEmpty, secret, secretMap } from './auth-fields.js';
import { cookieAuth } from './cookie-auth.js';
import { clientCredentialsHeader } from './header-token-auth.js';
import { oauth1Auth } from './oauth1-auth.js';
import { clientCertificateAuth } from './client-certificate.js';
import { ntlmAuth } from './ntlm-auth.js';
import {
  checkClientAuth,
  clientAuthentication,
  oauth2ClientAuthFields,
  type ClientAuthentication,
} from './oauth2-client-auth.js';

export { clientAuthentication, type ClientAuthentication };
/** Where only the RFC 6749 §2.3.1 secret methods apply. */
const secretClientAuth = clientAuthentication.extract(['basic_auth_header', 'request_body']);

const oauth2Common = {
  clientId: nonEmpty,
  /** Required unless oauth2ClientAuthentication is private_key_jwt or an RFC 8705 method (checkClientAuth). */
  clientSecret: secret.optional(),
  oauth2TokenUrl: httpUrl,
  ...oauth2ClientAuthFields,
  additionalRequestData: secretMap.optional(),
  additionalHeaders: z.record(headerName, z.string()).optional(),
  customGrantType: nonEmpty.optional(),
};

export const noAuth = z.object({ type: z.literal('none') }).strict();

export const apiKeyAuth = z
  .object({
    type: z.literal('api_key'),
    apiKey: secret,
    headerAuthKey: headerName.optional(),
    headerAuthValuePattern: z.string().includes('%s', { message: 'must contain %s' }).optional(),
    paramAuthParamName: nonEmpty.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.headerAuthKey === undefined) === (v.paramAuthParamName === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['headerAuthKey'],
        message:
          'set exactly one of headerAuthKey (key in a header) or paramAuthParamName (key in the query)',
      });
    }
    if (v.headerAuthValuePattern !== undefined && v.headerAuthKey === undefined) {
      ctx.addIssue({ code: 'custom', path: ['headerAuthValuePattern'], message: 'needs headerAuthKey' });
    }
  });

/** The API Key preset `Authorization: Bearer %s`; `prefix` changes `Bearer` to any other scheme. */
export const bearerAuth = z
  .object({ type: z.literal('bearer'), apiKey: secret, prefix: nonEmpty.default('Bearer') })
  .strict();

/** RFC 7617 Basic; user-id and password are sent as UTF-8. */
export const basicAuth = z
  .object({
    type: z.literal('basic'),
    username: z.string().refine((u) => !u.includes(':'), 'must not contain ":" (RFC 7617 §2)'),
    password: z.string(),
  })
  .strict();

export const oauth2ClientCredentials = z
  .object({
    type: z.literal('oauth2_client_credentials'),
    ...oauth2Common,
    clientCredentialsGrantScope: z.string().trim().optional(),
  })
  .strict()
  .superRefine(checkClientAuth);

export const oauth2RefreshToken = z
  .object({
    type: z.literal('oauth2_refresh_token'),
    ...oauth2Common,
    refreshToken: secret,
    scope: z.string().optional(),
  })
  .strict()
  .superRefine(checkClientAuth);

/** Resource owner password grant. Deprecated: RFC 9700 §2.4 forbids it; kept because systems still need it. */
export const oauth2Password = z
  .object({
    type: z.literal('oauth2_password'),
    ...oauth2Common,
    username: nonEmpty,
    password: secret,
    scope: z.string().trim().optional(),
    /** Send Client-Id, Client-Secret, Username and Password as headers instead of form fields. */
    credentialsInHeaders: z.boolean().default(false),
  })
  .strict()
  .superRefine(checkClientAuth);

export const jwtAlgorithm = z.enum(['HS256', 'RS256', 'ES256']);
export type JwtAlgorithm = z.infer<typeof jwtAlgorithm>;

export const jwtAuth = z
  .object({
    type: z.literal('jwt'),
    /** PEM (PKCS#8 or SPKI-less private key) for RS256/ES256, or a secret of at least 32 bytes for HS256. */
    privateKey: secret,
    algorithm: jwtAlgorithm,
    expirySeconds: z.number().int().min(1).max(86_400).default(300),
    issuer: z.string().optional(),
    audience: z.string().optional(),
    subject: z.string().optional(),
    jwtHeaders: z.record(z.string(), z.string()).optional(),
    additionalClaims: z.record(z.string(), z.unknown()).optional(),
    /** With it: exchange the JWT for an access token (RFC 7523 §2.1). Without: send the JWT as the bearer. */
    accessTokenRequestUrl: httpUrl.optional(),
    clientId: nonEmpty.optional(),
    clientSecret: secret.optional(),
    oauth2ClientAuthentication: secretClientAuth.optional(),
    scope: z.string().trim().optional(),
    additionalRequestData: secretMap.optional(),
    additionalHeaders: z.record(headerName, z.string()).optional(),
    customGrantType: nonEmpty.optional(),
  })
  .strict();

/**
 * Authorization code grant with PKCE S256 (RFC 6749 §4.1, RFC 7636): each end user consents on /connections
 * and Ferry keeps that user's tokens; revocation per RFC 7009 at `revokeUrl`.
 */
export const oauth2AuthorizationCode = z
  .object({
    type: z.literal('oauth2_authorization_code'),
    ...oauth2Common,
    authorizationUrl: httpUrl,
    scope: z.string().trim().optional(),
    revokeUrl: httpUrl.optional(),
    /** Form field the token is sent in at `revokeUrl`; RFC 7009 §2.1 names it `token`. */
    revocationTokenKey: nonEmpty.default('token'),
    /** Client authentication at `revokeUrl`; default the token endpoint's setting, else Basic. */
    revokeClientAuthentication: secretClientAuth.optional(),
    /** Shown when revocation fails: where the user revokes Ferry's access by hand. */
    instructionsUrl: httpUrl.optional(),
    /** Extra query parameters of the authorization request, e.g. `{"prompt": "consent"}`. */
    authorizationRequestQueryParameters: z.record(z.string().min(1), z.string()).optional(),
    /** Consent screen: what end users see on /connections (default: the connector's name). */
    displayName: z.string().trim().max(200).optional(),
    displayDescription: z.string().max(2_000).optional(),
  })
  .strict()
  .superRefine(checkClientAuth);

export const authConfig = z
  .discriminatedUnion('type', [
    noAuth,
    apiKeyAuth,
    bearerAuth,
    basicAuth,
    oauth2ClientCredentials,
    oauth2RefreshToken,
    oauth2Password,
    jwtAuth,
    oauth2AuthorizationCode,
    oauth1Auth,
    cookieAuth,
    clientCredentialsHeader,
    clientCertificateAuth,
    ntlmAuth,
  ])
  .meta({ id: 'AuthConfig' });

export type AuthConfig = z.infer<typeof authConfig>;
export type AuthType = AuthConfig['type'];
export type AuthOf<T extends AuthType> = Extract<AuthConfig, { type: T }>;
export const AUTH_TYPES = authConfig.options.map((o) => o.shape.type.value) as readonly AuthType[];

/** Fields whose values are write-only: sealed at rest, never returned, scrubbed from logs. */
export const SECRET_FIELDS = [
  'apiKey',
  'password',
  'clientSecret',
  'refreshToken',
  'privateKey',
  'additionalRequestData',
  'additionalHeaders',
  'consumerSecret',
  'token',
  'tokenSecret',
  'clientCertificate',
] as const;
export type SecretField = (typeof SECRET_FIELDS)[number];

export const isSecretField = (key: string): key is SecretField =>
  (SECRET_FIELDS as readonly string[]).includes(key);

/** Every secret string value in an auth config, for log scrubbing. */
export function secretValues(auth: AuthConfig): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(auth as Record<string, unknown>)) {
    if (!isSecretField(key)) continue;
    if (typeof value === 'string') out.push(value);
    else if (value && typeof value === 'object') out.push(...Object.values(value as Record<string, string>));
  }
  return out.filter((v) => v.length >= 4);
}

/** The view of an auth config a caller may see: secrets replaced by `{ set: true }`. */
export function redactAuth(auth: AuthConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(auth as Record<string, unknown>)) {
    if (!isSecretField(key)) out[key] = value;
    else if (typeof value === 'string') out[key] = { set: true };
    else if (value && typeof value === 'object')
      out[key] = Object.fromEntries(Object.keys(value).map((k) => [k, { set: true }]));
  }
  return out;
}

/**
 * True when tokens obtained under `before` still belong to `after`: per-user tokens survive changes to the
 * consent screen texts, the client secret, revocation and extra request settings, but not to the client id,
 * the URLs or the scope (every user would otherwise have to reconnect after a cosmetic edit).
 */
export function keepsTokens(before: AuthConfig, after: AuthConfig): boolean {
  if (before.type !== 'oauth2_authorization_code' || after.type !== 'oauth2_authorization_code') return false;
  return (['clientId', 'oauth2TokenUrl', 'authorizationUrl', 'scope'] as const).every(
    (key) => before[key] === after[key],
  );
}
