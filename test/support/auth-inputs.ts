// Connector auth inputs for the auth integration tests, each pointing at the running harness.
import { authConfig } from '../../src/core/connectors/auth-config.js';
import { API_AUDIENCE, STATIC_SECRETS, type AuthHarness } from './auth-harness.js';
import { ASSERTION_ISSUER, CLIENTS, RESOURCE_OWNER, type TestClient } from './oidc-clients.js';
import { errorText, findLeaks } from './secret-leaks.js';

/** The builders read the harness when called, so `harness` may be set in beforeAll. */
export function authInputs(harness: () => AuthHarness) {
  /** How a PEM arrives from a one-line form field: every line break as the two characters `\n`. */
  const oneLine = (pem: string): string => pem.trim().replace(/\n/g, '\\n');
  const { apiKey } = STATIC_SECRETS;
  const cc = (
    client: TestClient,
    how?: 'basic_auth_header' | 'request_body',
    extra: object = {},
  ): unknown => ({
    type: 'oauth2_client_credentials',
    clientId: client.id,
    clientSecret: client.secret,
    oauth2TokenUrl: harness().oidc.tokenUrl,
    ...(how ? { oauth2ClientAuthentication: how } : {}),
    ...extra,
  });
  const password = (extra: object = {}): unknown => ({
    type: 'oauth2_password',
    clientId: CLIENTS.password.id,
    clientSecret: CLIENTS.password.secret,
    oauth2TokenUrl: harness().oidc.tokenUrl,
    username: RESOURCE_OWNER.username,
    password: RESOURCE_OWNER.password,
    ...extra,
  });
  const jwt = (algorithm: 'HS256' | 'RS256' | 'ES256', extra: object = {}): unknown => ({
    type: 'jwt',
    algorithm,
    privateKey: algorithm === 'HS256' ? STATIC_SECRETS.hsSecret : oneLine(harness().pem[algorithm]),
    issuer: ASSERTION_ISSUER,
    audience: API_AUDIENCE,
    subject: 'ferry-bot',
    jwtHeaders: { kid: `${algorithm.toLowerCase()}-1`, typ: 'JWT' },
    additionalClaims: { tenant: 'acme' },
    ...extra,
  });
  const exchange = (algorithm: 'RS256' | 'ES256', client: TestClient): unknown =>
    jwt(algorithm, {
      audience: harness().oidc.tokenUrl,
      accessTokenRequestUrl: harness().oidc.tokenUrl,
      clientId: client.id,
      ...(client.secret ? { clientSecret: client.secret, oauth2ClientAuthentication: 'request_body' } : {}),
    });
  const refresh = async (extra: object = {}): Promise<unknown> => ({
    type: 'oauth2_refresh_token',
    clientId: CLIENTS.refresh.id,
    clientSecret: CLIENTS.refresh.secret,
    oauth2TokenUrl: harness().oidc.tokenUrl,
    refreshToken: await harness().issueRefreshToken(),
    ...extra,
  });

  async function connect(name: string, input: unknown) {
    const connector = await harness().connector(name, authConfig.parse(input));
    return { connector, auth: harness().provider.forConnector(connector) };
  }
  return { oneLine, apiKey, cc, password, jwt, exchange, refresh, connect };
}

/** No secret of the harness appears in its log lines or in any error it saw, with details and causes. */
export async function expectNoLeaks(h: AuthHarness, expect: (v: unknown) => { toEqual(v: unknown): void }) {
  const secrets = await h.secrets();
  const texts = [
    ...h.logger.lines.map((text, i) => ({ where: `log line ${i}`, text })),
    ...h.errors.map((e, i) => ({ where: `error ${i}`, text: errorText(e) })),
  ];
  expect(findLeaks(texts, secrets)).toEqual([]);
  return secrets;
}
