// HTTP action use cases: validate and store definitions, and run them through their connector.
import {
  actionInput,
  actionPatch,
  actionRunInput,
  type Action,
  type ActionRunResult,
} from '../../core/actions/action.js';
import {
  launchInput,
  strictLogReductionFor,
  type LaunchAudience,
} from '../../core/actions/launch-audience.js';
import type { Clock } from '../../core/clock.js';
import {
  ConflictError,
  EndUserError,
  NotFoundError,
  ValidationError,
  isFerryError,
  type Issue,
} from '../../core/errors.js';
import type { Storage, StoredAction } from '../../core/ports/storage.js';
import { toIssues } from '../../core/zod-issues.js';
import type { ConnectorService } from '../connectors/connector-service.js';

/** How a run may be logged: under strict log reduction only method, path template, status and duration. */
export interface RunOptions {
  readonly strictLogReduction: boolean;
}

/** Runs one action for one input; provided by the action runner. */
export type RunAction = (
  action: Action,
  connectorName: string,
  input: ReturnType<typeof actionRunInput.parse>,
  options: RunOptions,
) => Promise<ActionRunResult>;

export interface ActionServiceDeps {
  readonly storage: Storage;
  readonly connectors: ConnectorService;
  readonly run: RunAction;
  readonly clock: Clock;
  /** The end users' connections page, named in ERR_CONSENT_REQUIRED so callers can send users there. */
  readonly connectionsUrl: () => string;
}

export class ActionService {
  constructor(private readonly deps: ActionServiceDeps) {}

  async create(body: unknown): Promise<Action> {
    const parsed = actionInput.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    await this.requireConnector(parsed.data.connector);
    const now = new Date(this.deps.clock.now()).toISOString();
    const action: Action = { ...parsed.data, createdAt: now, updatedAt: now };
    if (!(await this.deps.storage.actions.insert(toRow(action))))
      throw new ConflictError(
        'ERR_ACTION_EXISTS',
        `action "${action.name}" already exists; use PATCH to change it`,
      );
    return action;
  }

  async get(name: string): Promise<Action> {
    const row = await this.deps.storage.actions.get(name);
    if (!row) throw new NotFoundError('ERR_ACTION_NOT_FOUND', `action "${name}" does not exist`);
    return fromRow(row);
  }

  async list(): Promise<Action[]> {
    return (await this.deps.storage.actions.list()).map(fromRow);
  }

  async update(name: string, body: unknown): Promise<Action> {
    const parsed = actionPatch.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    const current = await this.get(name);
    if (parsed.data.connector !== undefined) await this.requireConnector(parsed.data.connector);
    const next = {
      ...current,
      ...stripUndefined(parsed.data),
      updatedAt: new Date(this.deps.clock.now()).toISOString(),
    } as Action;
    if (!(await this.deps.storage.actions.update(toRow(next))))
      throw new NotFoundError('ERR_ACTION_NOT_FOUND', `action "${name}" does not exist`);
    return next;
  }

  async delete(name: string): Promise<void> {
    if (!(await this.deps.storage.actions.delete(name)))
      throw new NotFoundError('ERR_ACTION_NOT_FOUND', `action "${name}" does not exist`);
  }

  async run(name: string, body: unknown): Promise<ActionRunResult> {
    const parsed = actionRunInput.safeParse(body ?? {});
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    const action = await this.get(name);
    const strictLogReduction = strictLogReductionFor(
      await this.deps.storage.endUsers.launchAudiences.size(name),
    );
    try {
      return await this.deps.run(action, action.connector, parsed.data, { strictLogReduction });
    } catch (e) {
      if (!isFerryError(e) || e.code !== 'ERR_CONSENT_REQUIRED') throw e;
      throw new EndUserError('ERR_CONSENT_REQUIRED', `${e.message} (${this.deps.connectionsUrl()})`, {
        details: { ...e.details, connectionsUrl: this.deps.connectionsUrl() },
      });
    }
  }

  /** The users the action is launched to; more than 10 turns on strict log reduction for its runs. */
  async audience(name: string): Promise<LaunchAudience> {
    await this.get(name);
    return this.audienceOf(name);
  }

  /** Replaces the launch audience; applies to runs that start after it. */
  async launch(name: string, body: unknown): Promise<LaunchAudience> {
    const parsed = launchInput.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    await this.get(name);
    await this.deps.storage.endUsers.launchAudiences.set(name, parsed.data.users);
    return this.audienceOf(name);
  }

  private async audienceOf(name: string): Promise<LaunchAudience> {
    const users = await this.deps.storage.endUsers.launchAudiences.get(name);
    return { users, strictLogReduction: strictLogReductionFor(users.length) };
  }

  private async requireConnector(name: string): Promise<void> {
    const exists = await this.deps.storage.connectors.get(name);
    if (!exists)
      throw invalid([
        { path: 'connector', code: 'unknown_connector', message: `no connector is named "${name}"` },
      ]);
  }
}

const invalid = (issues: Issue[]): ValidationError =>
  new ValidationError(
    `the action is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );

const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

function toRow(a: Action): StoredAction {
  const { name, connector, createdAt, updatedAt, ...definition } = a;
  return { name, connector, definitionJson: JSON.stringify(definition), createdAt, updatedAt };
}

function fromRow(r: StoredAction): Action {
  const definition = JSON.parse(r.definitionJson) as Omit<
    Action,
    'name' | 'connector' | 'createdAt' | 'updatedAt'
  >;
  return {
    ...definition,
    name: r.name,
    connector: r.connector,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
