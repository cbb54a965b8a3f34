// `connectors test`: obtain credentials, then call the connector's test path; report each step, secrets masked.
import type { Action, ActionRunInput, ActionRunResult } from '../../core/actions/action.js';
import type { Connector } from '../../core/connectors/connector.js';
import { isFerryError, type ErrorCode } from '../../core/errors.js';
import type { AuthCheck, ConnectorAuth } from '../../core/ports/auth.js';

export interface ConnectorTestReport {
  readonly ok: boolean;
  readonly steps: string[];
  readonly expiresInSeconds?: number;
  readonly request?: { method: string; url: string; status: number; durationMs: number };
  readonly error?: { code: string; message: string };
}

export interface ConnectorTesterDeps {
  readonly auth: (connector: Connector) => ConnectorAuth;
  readonly run: (action: Action, connector: Connector, input: ActionRunInput) => Promise<ActionRunResult>;
  readonly scrub: (text: string) => string;
}

export async function testConnector(
  deps: ConnectorTesterDeps,
  connector: Connector,
): Promise<ConnectorTestReport> {
  const steps: string[] = [];
  let check: AuthCheck;
  try {
    check = await deps.auth(connector).check();
    steps.push(...check.steps.map(deps.scrub));
  } catch (error) {
    return failed(steps, error, deps.scrub);
  }
  const base = {
    steps,
    ...(check.expiresInSeconds === undefined ? {} : { expiresInSeconds: check.expiresInSeconds }),
  };
  if (!connector.testPath) {
    steps.push('no test path set; credentials obtained only');
    return { ok: true, ...base };
  }
  const url = new URL(connector.testPath, 'http://x');
  const action: Action = {
    name: `${connector.name}-test`,
    description: '',
    connector: connector.name,
    method: 'GET',
    endpoint: url.pathname,
    headers: {},
    query: Object.fromEntries(url.searchParams),
    createdAt: '',
    updatedAt: '',
  };
  const shown = deps.scrub(`${connector.baseUrl.replace(/\/$/, '')}${url.pathname}`);
  try {
    const result = await deps.run(action, connector, { inputs: {} });
    steps.push(`GET ${shown} → ${result.status}`);
    const request = { method: 'GET', url: shown, status: result.status, durationMs: result.durationMs };
    if (result.status >= 200 && result.status < 300) return { ok: true, ...base, request };
    return {
      ok: false,
      ...base,
      request,
      error: {
        code: 'ERR_CONNECTOR_TEST_FAILED' satisfies ErrorCode,
        message: `the test path answered ${result.status}`,
      },
    };
  } catch (error) {
    steps.push(`GET ${shown} → failed`);
    return failed(steps, error, deps.scrub);
  }
}

function failed(steps: string[], error: unknown, scrub: (t: string) => string): ConnectorTestReport {
  if (!isFerryError(error)) throw error;
  return { ok: false, steps, error: { code: error.code, message: scrub(error.message) } };
}
