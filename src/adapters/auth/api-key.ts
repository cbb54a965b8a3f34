// API Key auth (Creator Studio): the key in a header built from a pattern, or in a query parameter.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { StaticAuthMethod } from '../../core/ports/auth-method.js';
import { MASK, setHeader, setQueryParam } from './request-credentials.js';

const PLACEHOLDER = '%s';

/**
 * `Header Auth Key` + `Header Auth Value Pattern` (default `%s`, every `%s` becomes the key), or
 * `Param Auth Param Name` for the query. Throws TypeError when neither or both places are set.
 */
export function apiKey(config: AuthOf<'api_key'>): StaticAuthMethod {
  const { headerAuthKey, paramAuthParamName } = config;
  if ((headerAuthKey === undefined) === (paramAuthParamName === undefined))
    throw new TypeError('api_key auth needs exactly one of headerAuthKey or paramAuthParamName');
  const pattern = config.headerAuthValuePattern ?? PLACEHOLDER;
  if (!pattern.includes(PLACEHOLDER)) throw new TypeError('headerAuthValuePattern must contain %s');
  // split/join rather than replace(): a key containing `$&` must stay literal.
  const headerValue = pattern.split(PLACEHOLDER).join(config.apiKey);

  if (headerAuthKey !== undefined) {
    return {
      kind: 'static',
      apply: (req) => setHeader(req, headerAuthKey, headerValue),
      describe: () => `header ${headerAuthKey}: ${pattern.split(PLACEHOLDER).join(MASK)}`,
    };
  }
  const param = paramAuthParamName as string;
  return {
    kind: 'static',
    apply: (req) => setQueryParam(req, param, config.apiKey),
    describe: () => `query parameter ${param}=${MASK}`,
  };
}
