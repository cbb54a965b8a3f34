// Builds the request of one action run: connector base URL + templated path, query, headers and body.
import type { Action, ActionRunInput, HttpMethod } from '../../core/actions/action.js';
import type { Connector } from '../../core/connectors/connector.js';
import { ValidationError, type Issue } from '../../core/errors.js';
import type { PreparedRequest } from '../../core/ports/prepared-request.js';
import { actionScope, Templater } from '../../core/actions/template.js';

/** A rendered action request, before credentials are added. */
export interface ActionRequest {
  readonly method: HttpMethod;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A segment that is only dots (also percent-encoded) would climb out of the connector's base path. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * Renders `action` for `runInput` against `connector.baseUrl`, keeping the base URL's path prefix
 * (`https://x/api` + `/users` → `https://x/api/users`). A JSON body is serialised with content-type
 * application/json unless the action sets one; a string body is sent as it is; GET sends no body.
 * Throws ValidationError: ERR_ACTION_INPUT_MISSING naming every missing input, or ERR_REQUEST_VALIDATION.
 */
export function buildActionRequest(
  action: Action,
  connector: Connector,
  runInput: ActionRunInput,
): ActionRequest {
  const templater = new Templater(actionScope(runInput.inputs, runInput.user));
  const endpoint = templater.text(action.endpoint, 'endpoint', encodeURIComponent);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(action.headers)) {
    headers[name] = templater.text(value, `headers.${name}`);
  }
  const query = Object.entries(action.query).map(([name, value]) => [
    name,
    templater.text(value, `query.${name}`),
  ]);
  const sendsBody = action.body !== undefined && action.method !== 'GET';
  const body = !sendsBody
    ? undefined
    : typeof action.body === 'string'
      ? templater.text(action.body, 'body')
      : templater.json(action.body, 'body');
  templater.assertComplete();

  const issues: Issue[] = [];
  // URL parsing treats a backslash as "/" in http(s) paths, so both separate segments.
  if (endpoint.split(/[/\\]/).some((segment) => DOT_SEGMENT.test(segment))) {
    issues.push({ path: 'endpoint', code: 'dot_segment', message: `resolves to a "." or ".." path segment` });
  }
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n\0]/.test(value)) {
      issues.push({
        path: `headers.${name}`,
        code: 'invalid_header',
        message: 'contains a line break or NUL',
      });
    }
  }
  if (issues.length > 0)
    throw new ValidationError(`action ${action.name} cannot be sent with these inputs`, issues);

  const url = new URL(connector.baseUrl);
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '') + endpoint;
  for (const [name = '', value = ''] of query) url.searchParams.append(name, value);

  if (!sendsBody) return { method: action.method, url, headers };
  if (typeof body === 'string') return { method: action.method, url, headers, body };
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  const typed = hasType ? headers : { ...headers, 'content-type': 'application/json' };
  return { method: action.method, url, headers: typed, body: JSON.stringify(body ?? null) };
}

/** A fresh, mutable copy for ConnectorAuth.authorize, which adds credentials in place. */
export function toPrepared(req: ActionRequest): PreparedRequest {
  const prepared: PreparedRequest = {
    method: req.method,
    url: new URL(req.url),
    headers: { ...req.headers },
  };
  if (req.body !== undefined) prepared.body = req.body;
  return prepared;
}
