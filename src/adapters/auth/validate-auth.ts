// Checks an auth config for what its schema cannot see: keys that parse and fit the algorithm, unused fields.
import type { AuthConfig, AuthOf } from '../../core/connectors/auth-config.js';
import type { Issue } from '../../core/errors.js';
import type { ClientCertificate } from '../../core/connectors/client-certificate.js';
import { loadClientCertificate } from './client-certificate.js';
import { loadJwtKey } from './jwt-key.js';
import { validateOAuth1 } from './oauth1.js';

const AUTOMATIC_CLAIMS = ['iat', 'exp'] as const;
/** Fields of a jwt config that only matter for the token exchange. */
const EXCHANGE_ONLY = [
  'clientId',
  'clientSecret',
  'scope',
  'customGrantType',
  'additionalRequestData',
] as const;

function validateJwt(auth: AuthOf<'jwt'>): Issue[] {
  const issues: Issue[] = [];
  const loaded = loadJwtKey(auth.algorithm, auth.privateKey);
  if (!('key' in loaded))
    issues.push({
      path: 'auth.privateKey',
      code: 'invalid_key',
      message: `the private key ${loaded.problem}`,
    });
  if (auth.jwtHeaders && 'alg' in auth.jwtHeaders)
    issues.push({
      path: 'auth.jwtHeaders.alg',
      code: 'not_allowed',
      message: 'alg comes from algorithm; remove it from jwtHeaders',
    });
  for (const claim of AUTOMATIC_CLAIMS) {
    if (auth.additionalClaims && claim in auth.additionalClaims)
      issues.push({
        path: `auth.additionalClaims.${claim}`,
        code: 'not_allowed',
        message: `${claim} is set automatically (iat = now, exp = iat + expirySeconds); remove it`,
      });
  }
  if (auth.clientSecret !== undefined && auth.clientId === undefined)
    issues.push({
      path: 'auth.clientId',
      code: 'required',
      message: 'clientSecret is set, so clientId is needed too',
    });
  if (auth.accessTokenRequestUrl === undefined) {
    for (const field of EXCHANGE_ONLY) {
      if (auth[field] !== undefined)
        issues.push({
          path: `auth.${field}`,
          code: 'unused',
          message: `${field} is only used with accessTokenRequestUrl (the JWT is sent as the bearer token without it)`,
        });
    }
  }
  return issues;
}

/** A certificate that does not load (wrong passphrase, key not matching) is found when the connector is saved. */
function validateCertificate(certificate: ClientCertificate | undefined): Issue[] {
  if (certificate === undefined) return [];
  const loaded = loadClientCertificate(certificate);
  return 'problem' in loaded
    ? [{ path: 'auth.clientCertificate', code: 'invalid_certificate', message: loaded.problem }]
    : [];
}

/** Every problem at once, paths like `auth.privateKey`; empty when the config can work. */
export function validateAuth(auth: AuthConfig): Issue[] {
  switch (auth.type) {
    case 'client_certificate':
    case 'oauth2_client_credentials':
    case 'oauth2_refresh_token':
    case 'oauth2_password':
    case 'oauth2_authorization_code':
      return validateCertificate(auth.clientCertificate);
    case 'jwt':
      return validateJwt(auth);
    case 'bearer':
      return /\s/.test(auth.prefix.trim())
        ? [
            {
              path: 'auth.prefix',
              code: 'invalid_value',
              message: 'the prefix must be one word, such as Bearer or Token',
            },
          ]
        : [];
    case 'oauth1':
      return validateOAuth1(auth);
    case 'none':
    case 'cookie':
    case 'client_credentials_header':
    case 'ntlm':
    case 'api_key':
    case 'basic':
      return [];
  }
}
