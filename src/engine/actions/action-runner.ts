// Runs one HTTP action through its connector: render, authorize, send, refresh once on 401, read the answer.
import type { Action, ActionRunInput, ActionRunResult } from '../../core/actions/action.js';
import type { Connector } from '../../core/connectors/connector.js';
import { isFerryError } from '../../core/errors.js';
import type { AuthContext, ConnectorAuth } from '../../core/ports/auth.js';
import type { Logger } from '../../core/ports/logger.js';
import type { OutboundFetch } from '../../core/ports/outbound.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { buildActionRequest, toPrepared, type ActionRequest } from './action-request.js';
import { readResponse } from './response-reader.js';

export interface ActionRunnerDeps {
  readonly fetch: OutboundFetch;
  /** The connector's auth (ConnectorAuthProvider.forConnector). */
  readonly auth: ConnectorAuth;
  readonly logger: Logger;
  /** Scrubs log text once more, in case a secret reached a path or an error message. */
  readonly scrubber: SecretScrubber;
  /** Whole-request timeout in ms for actions without `timeoutMs` (config `httpTimeoutMs`). */
  readonly defaultTimeoutMs: number;
  /** Monotonic time in ms, for `durationMs`. Default `performance.now`. */
  readonly now?: () => number;
  /** Largest response body read, in bytes; longer bodies are cut there and returned as text. Default 10 MiB. */
  readonly maxResponseBytes?: number;
  /**
   * Strict log reduction (an action launched to more than 10 users): log only method, path template, status
   * and duration; not the rendered path (it may carry user data) nor error texts. Query strings, headers and
   * bodies are never logged either way. Default false.
   */
  readonly strictLogReduction?: boolean;
}

/**
 * Runs `action` through `connector` for `runInput` and returns the upstream answer, whatever its status.
 * A 401 drops the credential and, when the auth can obtain another one, retries once; a second 401 is
 * returned as it is and logged as ERR_UPSTREAM_UNAUTHORIZED. Throws ValidationError for missing inputs
 * (ERR_ACTION_INPUT_MISSING) and OutboundError when the request cannot be made.
 */
export async function runAction(
  deps: ActionRunnerDeps,
  action: Action,
  connector: Connector,
  runInput: ActionRunInput,
  signal?: AbortSignal,
): Promise<ActionRunResult> {
  const now = deps.now ?? (() => performance.now());
  const request = buildActionRequest(action, connector, runInput);
  const ctx: AuthContext = { user: runInput.user, signal };
  const timeoutMs = action.timeoutMs ?? deps.defaultTimeoutMs;
  const strict = deps.strictLogReduction === true;
  const log = deps.logger.child({
    action: action.name,
    connector: connector.name,
    method: request.method,
    ...(strict
      ? { pathTemplate: action.endpoint, strictLogReduction: true }
      : { url: deps.scrubber.scrub(`${request.url.origin}${request.url.pathname}`) }),
  });

  const send = async (req: ActionRequest) => {
    const prepared = toPrepared(req);
    const applied = await deps.auth.authorize(prepared, ctx);
    const response = await (deps.auth.fetch ?? deps.fetch)(prepared.url, {
      method: prepared.method,
      headers: prepared.headers,
      ...(prepared.body === undefined ? {} : { body: prepared.body }),
      timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
    return { response, applied };
  };

  const started = now();
  try {
    let { response, applied } = await send(request);
    let attempts = 1;
    if (response.status === 401 && (await deps.auth.rejected(applied, ctx))) {
      await response.body?.cancel();
      ({ response, applied } = await send(request));
      attempts = 2;
    }
    const { body, truncated } = await readResponse(response, deps.maxResponseBytes ?? 10 * 1_048_576);
    const durationMs = Math.round(now() - started);
    const fields = { status: response.status, durationMs, attempts };
    if (response.status === 401) {
      const why = attempts === 2 ? 'even with a fresh credential' : 'and the credential cannot be renewed';
      log.warn({ ...fields, code: 'ERR_UPSTREAM_UNAUTHORIZED' }, `upstream answered 401 ${why}`);
    } else log.info(fields, 'action run');
    if (truncated) log.warn({ ...fields, truncated }, 'response body cut at the size limit');
    return { status: response.status, headers: headersOf(response), body, durationMs };
  } catch (err) {
    const durationMs = Math.round(now() - started);
    const code = isFerryError(err) ? err.code : 'ERR_INTERNAL';
    const message = deps.scrubber.scrub(err instanceof Error ? err.message : 'non-Error thrown');
    log.warn(strict ? { durationMs, code } : { durationMs, code, message }, 'action run failed');
    throw err;
  }
}

/** Response headers as one record; repeated headers (set-cookie) are joined with ", ". */
function headersOf(response: Response): Record<string, string> {
  const out = new Map<string, string>();
  response.headers.forEach((value, name) => {
    const seen = out.get(name);
    out.set(name, seen === undefined ? value : `${seen}, ${value}`);
  });
  return Object.fromEntries(out);
}
