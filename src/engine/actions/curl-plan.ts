// Turns a parsed cURL command into an action on a matching connector, or on a new one holding its credentials.
import { HTTP_METHODS, type ActionInput, type HttpMethod } from '../../core/actions/action.js';
import type { AuthConfig } from '../../core/connectors/auth-config.js';
import type { Connector } from '../../core/connectors/connector.js';
import { ValidationError } from '../../core/errors.js';
import type { CurlCommand } from './curl-command.js';
import { findSecrets, isSecretHeader, isSecretParam } from './curl-secrets.js';

export interface CurlPlanOptions {
  /** The action's name; default from the method and the last path segments. */
  readonly name?: string | undefined;
  /** Use (or create) this connector instead of matching the base URL. */
  readonly connector?: string | undefined;
  readonly description?: string | undefined;
}

/** What importing the command does; `newConnector` holds the secrets and goes only to the connector service. */
export interface CurlPlan {
  readonly action: ActionInput;
  readonly connector: string;
  readonly newConnector?: { readonly name: string; readonly baseUrl: string; readonly auth: AuthConfig };
  /** Credentials the connector now holds, by where they were (`header Authorization`). */
  readonly secrets: readonly { readonly where: string; readonly storedAs: string }[];
  /** Credentials left out, and why; never in the action either. */
  readonly dropped: readonly { readonly where: string; readonly why: string }[];
}

/** Headers that belong to the connection, not the action. */
const TRANSPORT_HEADERS = /^(host|content-length|connection|accept-encoding|transfer-encoding)$/i;

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '') || 'imported';

/** The connector whose base URL is the longest prefix of `url` at a path-segment boundary. */
function matchConnector(url: URL, connectors: readonly Connector[]): Connector | undefined {
  const fits = (c: Connector): boolean => {
    if (!URL.canParse(c.baseUrl)) return false;
    const base = new URL(c.baseUrl);
    const prefix = base.pathname.replace(/\/+$/, '');
    return base.origin === url.origin && (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
  };
  return connectors.filter(fits).sort((a, b) => b.baseUrl.length - a.baseUrl.length)[0];
}

const invalid = (message: string): ValidationError =>
  new ValidationError(
    message,
    [{ path: 'connector', code: 'invalid_value', message }],
    'ERR_CURL_PARSE_FAILED',
  );

function methodOf(cmd: CurlCommand): HttpMethod {
  const method = cmd.method ?? (cmd.data.length > 0 && !cmd.dataInQuery ? 'POST' : 'GET');
  if (!(HTTP_METHODS as readonly string[]).includes(method))
    throw new ValidationError(
      `method ${method} is not one an HTTP action sends`,
      [{ path: 'command', code: 'method', message: `-X ${method}: use one of ${HTTP_METHODS.join(', ')}` }],
      'ERR_CURL_PARSE_FAILED',
    );
  return method as HttpMethod;
}

/** The body as the action keeps it: JSON values parsed (sent as application/json), other text as it is. */
function bodyOf(cmd: CurlCommand, headers: Record<string, string>): unknown {
  if (cmd.data.length === 0 || cmd.dataInQuery) return undefined;
  const text = cmd.data.join('&');
  const typeKey = Object.keys(headers).find((k) => k.toLowerCase() === 'content-type');
  if (typeKey === undefined)
    headers['Content-Type'] = cmd.json ? 'application/json' : 'application/x-www-form-urlencoded';
  if (cmd.json && !Object.keys(headers).some((k) => k.toLowerCase() === 'accept'))
    headers.Accept = 'application/json';
  const type = headers[typeKey ?? 'Content-Type'] ?? '';
  if (!/json/i.test(type)) return text;
  try {
    return JSON.parse(cmd.data.join('')) as unknown;
  } catch {
    return text;
  }
}

/** Plans the import against the connectors there are; throws ValidationError when the connector named does not fit. */
export function planCurlImport(
  cmd: CurlCommand,
  connectors: readonly Connector[],
  options: CurlPlanOptions,
): CurlPlan {
  const named =
    options.connector === undefined ? undefined : connectors.find((c) => c.name === options.connector);
  const matched = options.connector === undefined ? matchConnector(cmd.url, connectors) : named;
  if (named !== undefined && matchConnector(cmd.url, [named]) === undefined)
    throw invalid(`the URL does not start with the base URL of connector "${named.name}" (${named.baseUrl})`);
  const found = findSecrets(cmd);
  const secrets: { where: string; storedAs: string }[] = [];
  const dropped: { where: string; why: string }[] = [];
  let newConnector: CurlPlan['newConnector'];
  if (matched !== undefined) {
    const why =
      matched.auth.type === 'none'
        ? `connector "${matched.name}" has no credentials; add them with \`ferry connectors update ${matched.name}\``
        : `connector "${matched.name}" supplies its own credentials (${matched.auth.type})`;
    for (const s of found) dropped.push({ where: s.where, why });
  } else {
    const taken = new Set(connectors.map((c) => c.name));
    let name = options.connector ?? slug(cmd.url.hostname);
    for (let n = 2; taken.has(name); n++) name = `${slug(cmd.url.hostname).slice(0, 58)}-${n}`;
    const usable = found.find((s) => s.auth !== undefined);
    newConnector = { name, baseUrl: cmd.url.origin, auth: usable?.auth ?? { type: 'none' } };
    for (const s of found) {
      if (s === usable)
        secrets.push({ where: s.where, storedAs: `connector "${name}" auth ${s.auth?.type ?? ''}` });
      else
        dropped.push({
          where: s.where,
          why: s.why ?? 'a connector holds one credential; the first one found is kept',
        });
    }
  }
  const connector = matched?.name ?? newConnector?.name ?? '';
  const basePath = matched === undefined ? '' : new URL(matched.baseUrl).pathname.replace(/\/+$/, '');
  const endpoint = cmd.url.pathname.slice(basePath.length) || '/';
  const headers: Record<string, string> = {};
  for (const [n, v] of cmd.headers) if (!isSecretHeader(n) && !TRANSPORT_HEADERS.test(n)) headers[n] = v;
  const query: Record<string, string> = {};
  for (const [n, v] of cmd.url.searchParams) if (!isSecretParam(n)) query[n] = v;
  if (cmd.dataInQuery) for (const [n, v] of new URLSearchParams(cmd.data.join('&'))) query[n] = v;
  const method = methodOf(cmd);
  const body = bodyOf(cmd, headers);
  const segments = endpoint
    .split('/')
    .filter((s) => s !== '' && !s.includes('{{'))
    .slice(-2);
  const action: ActionInput = {
    name: options.name ?? slug([method, ...segments].join('-')),
    description: options.description ?? `imported from cURL: ${method} ${cmd.url.origin}${cmd.url.pathname}`,
    connector,
    method,
    endpoint,
    headers,
    query,
    ...(body === undefined ? {} : { body }),
    ...(cmd.timeoutMs === undefined ? {} : { timeoutMs: Math.min(300_000, Math.max(100, cmd.timeoutMs)) }),
  };
  return { action, connector, ...(newConnector ? { newConnector } : {}), secrets, dropped };
}
