// "Create an action from cURL": parse, plan against the connectors there are, create the connector and action.
import { curlImportInput, type CurlImportInput } from '../../core/actions/curl-import.js';
import type { ActionInput } from '../../core/actions/action.js';
import { redactAuth } from '../../core/connectors/auth-config.js';
import { ValidationError } from '../../core/errors.js';
import { toIssues } from '../../core/zod-issues.js';
import type { ConnectorService } from '../connectors/connector-service.js';
import type { ActionService } from './action-service.js';
import { parseCurl } from './curl-command.js';
import { planCurlImport, type CurlPlan } from './curl-plan.js';

export interface CurlImportDeps {
  readonly connectors: ConnectorService;
  readonly actions: ActionService;
}

/** What the import made (or, with dryRun, would make); the connector's secrets appear only as `{set: true}`. */
export interface CurlImportResult {
  readonly dryRun: boolean;
  readonly action: ActionInput;
  readonly connector: {
    readonly name: string;
    readonly created: boolean;
    readonly baseUrl: string;
    readonly auth: Record<string, unknown>;
  };
  readonly secrets: CurlPlan['secrets'];
  readonly dropped: CurlPlan['dropped'];
}

/**
 * Throws ValidationError (ERR_CURL_PARSE_FAILED, ERR_CURL_UNSUPPORTED_OPTION listing every unknown option,
 * ERR_REQUEST_VALIDATION), ConflictError when the action name is taken; a connector it created for an action
 * that then failed is deleted again.
 */
export async function importCurl(deps: CurlImportDeps, body: unknown): Promise<CurlImportResult> {
  const parsed = curlImportInput.safeParse(body);
  if (!parsed.success) throw new ValidationError('invalid cURL import', toIssues(parsed.error));
  const input: CurlImportInput = parsed.data;
  const plan = planCurlImport(parseCurl(input.command), await deps.connectors.list(), input);
  const created = plan.newConnector;
  const existing = created === undefined ? await deps.connectors.get(plan.connector) : undefined;
  const shown = created ?? existing;
  const view = {
    name: plan.connector,
    created: created !== undefined,
    baseUrl: shown?.baseUrl ?? '',
    auth: shown === undefined ? {} : redactAuth(shown.auth),
  };
  const result = { dryRun: input.dryRun, connector: view, secrets: plan.secrets, dropped: plan.dropped };
  if (input.dryRun) return { ...result, action: plan.action };
  if (created !== undefined)
    await deps.connectors.create({ name: created.name, baseUrl: created.baseUrl, auth: created.auth });
  try {
    const action = await deps.actions.create(plan.action);
    return { ...result, action };
  } catch (e) {
    if (created !== undefined) await deps.connectors.delete(created.name).catch(() => undefined);
    throw e;
  }
}
