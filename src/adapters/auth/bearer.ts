// Bearer auth: the API Key preset `Authorization: Bearer %s`, with any other scheme name as the prefix.
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { StaticAuthMethod } from '../../core/ports/auth-method.js';
import { MASK, setHeader } from './request-credentials.js';

/** `Authorization: <prefix> <apiKey>`; prefix default `Bearer` (RFC 6750 §2.1), e.g. `Token` or `SSWS`. */
export function bearer(config: AuthOf<'bearer'>): StaticAuthMethod {
  const prefix = config.prefix.trim();
  if (prefix === '' || /\s/.test(prefix))
    throw new TypeError('bearer prefix must be one word such as Bearer');
  const value = `${prefix} ${config.apiKey}`;
  return {
    kind: 'static',
    apply: (req) => setHeader(req, 'Authorization', value),
    describe: () => `header Authorization: ${prefix} ${MASK}`,
  };
}
