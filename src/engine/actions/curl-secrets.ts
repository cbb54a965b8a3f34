// Finds the credentials in a cURL command and turns the first into a connector auth config; never into action text.
import type { AuthConfig } from '../../core/connectors/auth-config.js';
import type { CurlCommand } from './curl-command.js';

/** Header names that carry credentials, by their usual spellings (RFC 9110 §11.6.2, vendor API keys). */
const SECRET_HEADER =
  /^(authorization|proxy-authorization|cookie|[\w-]*api[-_]?key|[\w-]*(auth|access|api|private|session|csrf|xsrf)[-_]?token|x-token|token|[\w-]*secret|[\w-]*password|ocp-apim-subscription-key|x-functions-key)$/i;
/** Query parameter names that carry credentials. */
const SECRET_PARAM =
  /^(api[-_]?key|apikey|key|access[-_]?token|token|auth[-_]?token|auth|secret|client[-_]?secret|password|passwd|sig|signature)$/i;

/** One credential found in the command: where it was, and the auth config it becomes (if it can). */
export interface FoundSecret {
  /** `header Authorization`, `query api_key`, `-u`; never the value. */
  readonly where: string;
  readonly auth: AuthConfig | undefined;
  /** Why it cannot be a connector auth when `auth` is undefined. */
  readonly why?: string;
}

export const isSecretHeader = (name: string): boolean => SECRET_HEADER.test(name);
export const isSecretParam = (name: string): boolean => SECRET_PARAM.test(name);

/** RFC 7617: `Basic base64(user:password)` back into its parts; undefined when it does not decode to one. */
function basicOf(value: string): AuthConfig | undefined {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const bare = (b64: string): string => b64.replace(/=+$/, '');
  // Only text that is really base64 of user:password; anything else stays a bearer-style credential.
  if (colon <= 0 || bare(Buffer.from(decoded, 'utf8').toString('base64')) !== bare(value)) return undefined;
  return { type: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** `Authorization: <scheme> <credentials>` as the auth type that sends the same header. */
function authorizationOf(value: string): AuthConfig {
  const [scheme = '', credentials = ''] = value.split(/\s+(.*)/s);
  if (/^basic$/i.test(scheme)) {
    const basic = basicOf(credentials.trim());
    if (basic !== undefined) return basic;
  }
  if (credentials.trim() !== '' && /^[\w.-]+$/.test(scheme))
    return {
      type: 'bearer',
      apiKey: credentials.trim(),
      prefix: /^bearer$/i.test(scheme) ? 'Bearer' : scheme,
    };
  return { type: 'api_key', apiKey: value, headerAuthKey: 'Authorization' };
}

/** Every credential in `cmd`, in the order a connector would prefer them: -u, bearer, Authorization, headers, query. */
export function findSecrets(cmd: CurlCommand): FoundSecret[] {
  const found: FoundSecret[] = [];
  if (cmd.user !== undefined) found.push({ where: '-u', auth: { type: 'basic', ...cmd.user } });
  if (cmd.bearer !== undefined)
    found.push({ where: '--oauth2-bearer', auth: { type: 'bearer', apiKey: cmd.bearer, prefix: 'Bearer' } });
  for (const [name, value] of cmd.headers) {
    if (!isSecretHeader(name)) continue;
    const where = `header ${name}`;
    if (/^authorization$/i.test(name)) found.push({ where, auth: authorizationOf(value) });
    else if (/^(cookie|proxy-authorization)$/i.test(name))
      found.push({
        where,
        auth: undefined,
        why: `a ${name} header is not kept; use a cookie connector (type cookie) for sessions`,
      });
    else found.push({ where, auth: { type: 'api_key', apiKey: value, headerAuthKey: name } });
  }
  for (const [name, value] of cmd.url.searchParams) {
    if (isSecretParam(name))
      found.push({
        where: `query ${name}`,
        auth: { type: 'api_key', apiKey: value, paramAuthParamName: name },
      });
  }
  return found;
}
