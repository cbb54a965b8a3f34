// The OAuth clients and the resource owner the test authorization server knows; every secret here is test-only.

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface TestClient {
  readonly id: string;
  readonly secret: string;
  readonly method: ClientAuthMethod;
  readonly grantTypes: readonly string[];
  /** Lifetime of the access tokens it gets, in seconds. */
  readonly ttlSeconds: number;
}

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const client = (
  id: string,
  secret: string,
  method: ClientAuthMethod,
  grantTypes: readonly string[],
  ttlSeconds = 3600,
): TestClient => ({ id, secret, method, grantTypes, ttlSeconds });

/** One client per way a connector authenticates; the server accepts only each client's registered method. */
export const CLIENTS = {
  basic: client('cc-basic', 'cc-basic-secret-7f3a9c1e55d2', 'client_secret_basic', ['client_credentials']),
  post: client('cc-post', 'cc-post-secret-0b8e4d6a21f9', 'client_secret_post', ['client_credentials']),
  /** RFC 6749 §2.3.1: id and secret with characters that must be form-urlencoded before base64. */
  special: client('cc special:1', 'p@ss: w0rd+%&/=x', 'client_secret_basic', ['client_credentials']),
  short: client(
    'cc-short',
    'cc-short-secret-9d1c3b7e40aa',
    'client_secret_basic',
    ['client_credentials'],
    60,
  ),
  refresh: client('rt-client', 'rt-client-secret-4c2f8e1a6b3d', 'client_secret_basic', [
    'refresh_token',
    'authorization_code',
  ]),
  password: client('pw-client', 'pw-client-secret-5a9d2c7e1f04', 'client_secret_basic', ['password']),
  jwt: client('jwt-client', 'jwt-client-secret-8e3b1d9c6a27', 'client_secret_post', [JWT_BEARER]),
  jwtPublic: client('jwt-public', '', 'none', [JWT_BEARER]),
} as const;

/** The resource owner of the password grant; the password is UTF-8 on purpose. */
export const RESOURCE_OWNER = {
  username: 'ada@example.test',
  password: 'correct horse £ battery 42',
} as const;

/** `iss` that jwt-bearer assertions must carry. */
export const ASSERTION_ISSUER = 'ferry-test-connector';

export const clientById = (id: string): TestClient | undefined =>
  Object.values(CLIENTS).find((c) => c.id === id);

/** Client metadata for oidc-provider's `clients` configuration. */
export const clientMetadata = (): Record<string, unknown>[] =>
  Object.values(CLIENTS).map((c) => ({
    client_id: c.id,
    ...(c.method === 'none' ? {} : { client_secret: c.secret }),
    token_endpoint_auth_method: c.method,
    grant_types: c.grantTypes,
    redirect_uris: c.grantTypes.includes('authorization_code') ? ['http://127.0.0.1/cb'] : [],
    response_types: c.grantTypes.includes('authorization_code') ? ['code'] : [],
  }));
