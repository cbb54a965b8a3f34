// Subscription use cases: validate, seal, store, read back, and the Connection Test that guards every save.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { ConflictError, FerryError, NotFoundError, ValidationError, type Issue } from '../../core/errors.js';
import type { StoredSubscription } from '../../core/ports/delivery-storage.js';
import type { Sealer } from '../../core/ports/sealer.js';
import type { Storage } from '../../core/ports/storage.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import {
  resolveApiUrl,
  SUBSCRIPTION_SECRET_FIELDS,
  subscriptionInput,
  subscriptionPatch,
  subscriptionSettings,
  type Subscription,
  type SubscriptionSettings,
} from '../../core/subscriptions/subscription.js';
import { withDestinationDefaults } from '../../core/subscriptions/destination-settings.js';
import { toIssues } from '../../core/zod-issues.js';
import type { ConnectionTestResult } from './connection-test.js';
import { sendTestPayload, sendTestResult, type SendTestInput, type SendTestResult } from './send-test.js';
import type { MoveworksAccess } from '../delivery/subscription-runtime.js';

export interface SubscriptionServiceDeps {
  readonly storage: Storage;
  readonly sealer: Sealer;
  readonly scrubber: SecretScrubber;
  readonly clock: Clock;
  readonly runtimes: MoveworksAccess;
  /**
   * Told when a subscription is created, changed or deleted, so the dispatcher follows at once. A save returns
   * only once it has: a Message accepted after a PATCH is never sent with the settings from before it.
   */
  readonly onChange: (id: string) => Promise<void>;
  /** Runs after a subscription is saved for the first time ("Create Default Mappings"). */
  readonly afterCreate?: (sub: Subscription) => Promise<void>;
  /** Runs after an update moved the subscription to another destination kind (its mappings follow). */
  readonly afterDestinationChange?: (sub: Subscription) => Promise<void>;
}

export interface SaveOptions {
  /** Run the Connection Test and refuse to save when it fails (default true). */
  readonly test?: boolean;
}

export class SubscriptionService {
  constructor(private readonly deps: SubscriptionServiceDeps) {}

  async create(body: unknown, options: SaveOptions = {}): Promise<Subscription> {
    const parsed = subscriptionInput.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    const { region, apiUrl, ...rest } = parsed.data;
    const resolved = withDestinationDefaults({ ...rest, apiUrl: resolveApiUrl(apiUrl, region) });
    const checkedInput = subscriptionSettings.safeParse(resolved);
    if (!checkedInput.success) throw invalid(toIssues(checkedInput.error));
    const settings = checkedInput.data;
    const now = this.now();
    const row: StoredSubscription = {
      id: `sub_${randomBytes(6).toString('hex')}`,
      name: settings.name,
      settingsJson: this.seal(settings),
      health: 'ok',
      healthDetail: null,
      createdAt: now,
      updatedAt: now,
    };
    const sub = this.fromRow(row);
    try {
      if (options.test !== false) await this.mustConnect(sub);
      if (!(await this.deps.storage.subscriptions.insert(row))) throw exists(settings.name);
    } catch (err) {
      // Nothing was saved: drop the gate the Connection Test left for this id.
      this.deps.runtimes.forget(row.id);
      throw err;
    }
    try {
      await this.deps.afterCreate?.(sub);
    } catch (err) {
      // Without its default mapping the subscription would deliver otherwise than asked, and a retry of the same
      // request would find its name taken: undo the save (a collection half made goes with it, by cascade).
      await this.deps.storage.subscriptions.delete(row.id);
      this.deps.runtimes.forget(row.id);
      throw err;
    }
    await this.deps.onChange(row.id);
    return sub;
  }

  async get(idOrName: string): Promise<Subscription> {
    const row = await this.deps.storage.subscriptions.get(idOrName);
    if (!row)
      throw new NotFoundError('ERR_SUBSCRIPTION_NOT_FOUND', `subscription "${idOrName}" does not exist`);
    return this.fromRow(row);
  }

  async list(): Promise<Subscription[]> {
    return (await this.deps.storage.subscriptions.list()).map((r) => this.fromRow(r));
  }

  /** Applies a partial update; secrets not given keep their values, `null` clears one. */
  async update(idOrName: string, body: unknown, options: SaveOptions = {}): Promise<Subscription> {
    const parsed = subscriptionPatch.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    const { region, apiUrl, ...patch } = parsed.data;
    const current = await this.get(idOrName);
    const before: Record<string, unknown> = settingsOf(current);
    const merged: Record<string, unknown> = { ...before };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else if (value !== undefined) merged[key] = value;
    }
    if (apiUrl !== undefined || region !== undefined) merged.apiUrl = resolveApiUrl(apiUrl, region);
    const checked = subscriptionSettings.safeParse(withDestinationDefaults(merged, before));
    if (!checked.success) throw invalid(toIssues(checked.error));
    const row: StoredSubscription = {
      id: current.id,
      name: checked.data.name,
      settingsJson: this.seal(checked.data),
      health: 'ok',
      healthDetail: null,
      createdAt: current.createdAt,
      updatedAt: this.now(),
    };
    const next = this.fromRow(row);
    const after: Record<string, unknown> = checked.data;
    const credentialsChanged = CONNECTION_SETTINGS.some((k) => after[k] !== before[k]);
    if (options.test !== false && (credentialsChanged || current.health !== 'ok'))
      await this.mustConnect(next);
    if (!(await this.deps.storage.subscriptions.update(row))) throw exists(row.name);
    if (next.destination !== current.destination) await this.deps.afterDestinationChange?.(next);
    await this.deps.onChange(row.id);
    return next;
  }

  async delete(idOrName: string): Promise<void> {
    const current = await this.get(idOrName);
    await this.deps.storage.subscriptions.delete(current.id);
    this.deps.runtimes.forget(current.id);
    await this.deps.onChange(current.id);
  }

  /** The Connection Test on demand; a pass clears an authentication failure and resumes delivery. */
  async test(idOrName: string): Promise<ConnectionTestResult> {
    const sub = await this.get(idOrName);
    const result = await this.deps.runtimes.test(sub, true);
    if (result.ok && sub.health !== 'ok') {
      await this.deps.storage.subscriptions.setHealth(sub.id, 'ok', null);
      await this.deps.onChange(sub.id);
    }
    return result;
  }

  /** Send Test: one sample request straight to Moveworks (through the throttle), not through the outbox. */
  async sendTest(idOrName: string, input: SendTestInput): Promise<SendTestResult> {
    const sub = await this.get(idOrName);
    const payload = sendTestPayload(sub, input, this.deps.clock.now());
    return sendTestResult(await this.deps.runtimes.send(sub, payload));
  }

  /** Stops delivery until the settings change or a Connection Test passes. */
  async markAuthFailed(id: string, detail: string): Promise<void> {
    await this.deps.storage.subscriptions.setHealth(id, 'auth_failed', detail);
  }

  private async mustConnect(sub: Subscription): Promise<void> {
    // A throwaway runtime: the saved subscription's live client must not see unsaved credentials.
    const result = await this.deps.runtimes.test(sub, false);
    if (!result.ok)
      throw new FerryError(
        'ERR_SUBSCRIPTION_TEST_FAILED',
        `the Connection Test failed, nothing was saved: ${result.error?.message ?? 'unknown error'}`,
        { details: { test: result } },
      );
  }

  private seal(settings: SubscriptionSettings): string {
    const out: Record<string, unknown> = { ...settings };
    for (const key of SUBSCRIPTION_SECRET_FIELDS) {
      const value = settings[key];
      if (value !== undefined) out[key] = this.deps.sealer.seal(value);
    }
    return JSON.stringify(out);
  }

  private fromRow(row: StoredSubscription): Subscription {
    const stored = JSON.parse(row.settingsJson) as Record<string, unknown>;
    for (const key of SUBSCRIPTION_SECRET_FIELDS) {
      const value = stored[key];
      if (typeof value === 'string') stored[key] = this.deps.sealer.unseal(value);
    }
    const settings = subscriptionSettings.parse(stored);
    this.deps.scrubber.add(settings.clientSecret, settings.apiKey);
    return {
      ...settings,
      id: row.id,
      health: row.health,
      healthDetail: row.healthDetail ?? undefined,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** The settings part of a subscription (what the schema validates). */
function settingsOf(sub: Subscription): SubscriptionSettings {
  return subscriptionSettings.parse(
    Object.fromEntries(Object.entries(sub).filter(([k]) => !SUBSCRIPTION_META.has(k))),
  );
}

/** The settings a Connection Test checks: changing one runs it again before the save. */
const CONNECTION_SETTINGS = [
  'apiUrl',
  'clientId',
  'clientSecret',
  'apiKey',
  'destination',
  'listenerId',
  'listenerAuth',
  'tokenUrl',
  'apiKeyHeader',
  'apiKeyPattern',
];

const SUBSCRIPTION_META = new Set(['id', 'health', 'healthDetail', 'createdAt', 'updatedAt']);

const exists = (name: string) =>
  new ConflictError('ERR_SUBSCRIPTION_EXISTS', `a subscription named "${name}" already exists`);

const invalid = (issues: Issue[]): ValidationError =>
  new ValidationError(
    `the subscription is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
