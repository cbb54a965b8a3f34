// Client credentials in headers: a token endpoint reads the client id and secret from named headers.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import { AuthError } from '../../core/errors.js';
import type { TokenAuthMethod } from '../../core/ports/auth-method.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { callEndpoint, resolveEndpoint } from './endpoint-call.js';
import { describeUrl, setHeader, setQueryParam } from './request-credentials.js';

export interface ClientCredentialsHeaderDeps {
  readonly fetch: OutboundFetch;
  readonly scrubber: SecretScrubber;
}

/** The value at a dotted path (`$.data.items[0].token`) of a parsed JSON answer. */
export function valueAt(root: unknown, path: string): unknown {
  const steps = path
    .replace(/^\$\./, '')
    .split('.')
    .flatMap((part) => {
      const [name = '', ...indexes] = part.split('[');
      return [name, ...indexes.map((i) => Number(i.replace(']', '')))];
    });
  let at: unknown = root;
  for (const step of steps) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at;
}

const lifetime = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
};

/**
 * Calls `tokenUrl` with `clientIdHeader: clientId` and `clientSecretHeader: clientSecret`, reads the token at
 * `tokenPath` and its lifetime at `expiresInPath` (default `expires_in`, else `tokenLifetimeSeconds`), and sends
 * it in `headerAuthKey` built from `headerAuthValuePattern` (default `Authorization: Bearer %s`) or in the
 * query parameter `paramAuthParamName`. The engine caches it and obtains a new one before expiry or on a 401.
 */
export function clientCredentialsHeader(
  connector: string,
  config: AuthOf<'client_credentials_header'>,
  baseUrl: string | undefined,
  deps: ClientCredentialsHeaderDeps,
): TokenAuthMethod {
  const url = resolveEndpoint(config.tokenUrl, baseUrl);
  const step = `${config.tokenMethod} ${describeUrl(url)} (client id ${config.clientId} in ${config.clientIdHeader}, secret in ${config.clientSecretHeader})`;
  const header = config.headerAuthKey ?? 'Authorization';
  const pattern = config.headerAuthValuePattern ?? 'Bearer %s';
  const at = `connector "${connector}": the token endpoint ${describeUrl(url)}`;
  return {
    kind: 'token',
    local: false,
    usesRefreshToken: false,
    async obtain(options = {}) {
      const response = await callEndpoint(deps.fetch, connector, 'token URL', url, {
        method: config.tokenMethod,
        headers: {
          accept: 'application/json',
          ...config.additionalHeaders,
          [config.clientIdHeader]: config.clientId,
          [config.clientSecretHeader]: config.clientSecret,
        },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const text = await response.text();
      const details = { status: response.status, step: `${step} → ${response.status}` };
      if (response.status < 200 || response.status >= 300)
        throw new AuthError(
          'ERR_AUTH_TOKEN_REJECTED',
          `${at} answered HTTP ${response.status}; check the Client ID and Client Secret of connector ` +
            `"${connector}" and the header names ${config.clientIdHeader} / ${config.clientSecretHeader}`,
          { details },
        );
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const token = valueAt(json, config.tokenPath);
      if (typeof token !== 'string' || token === '')
        throw new AuthError(
          'ERR_AUTH_TOKEN_NOT_FOUND',
          `${at} answered HTTP ${response.status} ${json === undefined ? 'without JSON' : `without a string at ${config.tokenPath}`}; check the Token Path of connector "${connector}"`,
          { details: { ...details, tokenPath: config.tokenPath } },
        );
      deps.scrubber.addShortLived(token);
      const expiresInSeconds =
        lifetime(valueAt(json, config.expiresInPath ?? 'expires_in')) ?? config.tokenLifetimeSeconds;
      const expires = expiresInSeconds === undefined ? 'no expiry' : `expires in ${expiresInSeconds} s`;
      return {
        accessToken: token,
        tokenType: 'header',
        expiresInSeconds,
        steps: [`${step} → ${response.status}, token at ${config.tokenPath}, ${expires}`],
      };
    },
    apply: (req, token) => {
      if (config.paramAuthParamName !== undefined) setQueryParam(req, config.paramAuthParamName, token);
      // split/join rather than replace(): a token containing `$&` must stay literal.
      else setHeader(req, header, pattern.split('%s').join(token));
    },
  };
}
