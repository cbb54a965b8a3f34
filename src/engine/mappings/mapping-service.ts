// Mapping collection use cases: CRUD, clone, export/import, formula checks at save time, and mapping a Message.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import {
  ConflictError,
  isFerryError,
  NotFoundError,
  ValidationError,
  type Issue,
} from '../../core/errors.js';
import {
  defaultCollection,
  mappingCollectionInput,
  mappingCollectionPatch,
  type MappingCollection,
  type MappingCollectionInput,
} from '../../core/mappings/mapping.js';
import type { DestinationKind } from '../../core/delivery/listener.js';
import { defaultListenerCollection } from '../../core/mappings/listener-mapping.js';
import type { Message } from '../../core/messages/message.js';
import type { FormulaEngine } from '../../core/ports/formula.js';
import type { Storage } from '../../core/ports/storage.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { toIssues } from '../../core/zod-issues.js';
import { defaultOutcome } from '../messages/transfer-plan.js';
import { exportOf, fromRow, toRow } from './collection-rows.js';
import { formulaScope, runCollection, type MappingOutcome } from './mapping-runner.js';
import { patientFormulas } from './patient-formulas.js';

export interface MappingServiceDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly formulas: FormulaEngine;
  readonly subscription: (idOrName: string) => Promise<Subscription>;
  /** Validates a sample Message (MessageService.parse). */
  readonly parseMessage: (body: unknown) => Message;
}

export interface EvaluateResult {
  readonly value?: unknown;
  readonly outcome?: MappingOutcome;
  readonly error?: { readonly code: string; readonly message: string };
}

export class MappingService {
  private readonly deps: MappingServiceDeps;

  constructor(deps: MappingServiceDeps) {
    // Every evaluation (ingest, Manual Sync, `ferry formula eval`) retries what the busy host could not run.
    this.deps = { ...deps, formulas: patientFormulas(deps.formulas) };
  }

  async list(subscription: string): Promise<MappingCollection[]> {
    const sub = await this.deps.subscription(subscription);
    return (await this.deps.storage.collections.list(sub.id)).map(fromRow);
  }

  async get(subscription: string, idOrName: string): Promise<MappingCollection> {
    const sub = await this.deps.subscription(subscription);
    const row = await this.deps.storage.collections.get(sub.id, idOrName);
    if (!row)
      throw new NotFoundError(
        'ERR_MAPPING_COLLECTION_NOT_FOUND',
        `subscription "${sub.name}" has no mapping collection "${idOrName}"`,
      );
    return fromRow(row);
  }

  /** Creates (or imports: the same body as an export) a collection; every formula must parse. */
  async create(subscription: string, body: unknown): Promise<MappingCollection> {
    const sub = await this.deps.subscription(subscription);
    const parsed = mappingCollectionInput.safeParse(body);
    if (!parsed.success) throw invalid(toIssues(parsed.error));
    return this.insert(sub.id, parsed.data);
  }

  async update(subscription: string, idOrName: string, body: unknown): Promise<MappingCollection> {
    const current = await this.get(subscription, idOrName);
    const patch = mappingCollectionPatch.safeParse(body);
    if (!patch.success) throw invalid(toIssues(patch.error));
    // The patch schema has no defaults: a field the body leaves out is absent here and keeps its stored value.
    const merged = mappingCollectionInput.safeParse({ ...exportOf(current), ...patch.data });
    if (!merged.success) throw invalid(toIssues(merged.error));
    await this.checkSaved(merged.data);
    const row = toRow(current.id, current.subscriptionId, merged.data, current.createdAt, this.now());
    if (!(await this.deps.storage.collections.update(row))) throw exists(merged.data.name);
    return fromRow(row);
  }

  async delete(subscription: string, idOrName: string): Promise<void> {
    const current = await this.get(subscription, idOrName);
    await this.deps.storage.collections.delete(current.subscriptionId, current.id);
  }

  async clone(subscription: string, idOrName: string, name: string | undefined): Promise<MappingCollection> {
    const current = await this.get(subscription, idOrName);
    return this.insert(current.subscriptionId, {
      ...exportOf(current),
      name: name ?? `${current.name} (copy)`,
      status: 'Inactive',
    });
  }

  /** The collection as JSON for version control: no ids, no timestamps; `create` takes it back. */
  async export(subscription: string, idOrName: string): Promise<MappingCollectionInput> {
    return exportOf(await this.get(subscription, idOrName));
  }

  /** "Create Default Mappings": the default mapping of the destination as rows, on a new subscription. */
  async createDefault(subscriptionId: string, destination: DestinationKind = 'events'): Promise<void> {
    await this.insert(
      subscriptionId,
      destination === 'listener' ? defaultListenerCollection() : defaultCollection(),
    );
  }

  /**
   * Maps a Message for a subscription: its first enabled collection by sort order; without one, the built-in
   * default mapping when Create Default Mappings is on, else nothing to send.
   */
  async map(
    message: Message,
    sub: Subscription,
    collections?: readonly MappingCollection[],
  ): Promise<MappingOutcome> {
    const active = (collections ?? (await this.enabled(sub.id)))[0];
    if (active === undefined) return defaultOutcome(message, sub);
    return runCollection(active, message, sub, this.deps.formulas);
  }

  /**
   * Evaluates a formula, a whole collection or a subscription's mapping against a sample Message; nothing is
   * stored or sent. Formula failures come back as `error`, not thrown, so the caller sees them like a transfer would.
   */
  async evaluate(input: {
    readonly message: unknown;
    readonly formula?: string | undefined;
    readonly collection?: MappingCollectionInput | undefined;
    readonly subscription?: string | undefined;
  }): Promise<EvaluateResult> {
    const message = this.deps.parseMessage(input.message);
    const sub =
      input.subscription === undefined ? undefined : await this.deps.subscription(input.subscription);
    try {
      if (input.formula !== undefined) {
        return { value: await this.deps.formulas.evaluate(input.formula, formulaScope(message)) };
      }
      if (input.collection !== undefined) {
        await this.checkSaved(input.collection);
        const collection = { ...input.collection, id: '', subscriptionId: '', createdAt: '', updatedAt: '' };
        return { outcome: await runCollection(collection, message, sub ?? {}, this.deps.formulas) };
      }
      if (sub !== undefined) return { outcome: await this.map(message, sub) };
    } catch (err) {
      if (!isFerryError(err) || !err.code.startsWith('ERR_FORMULA_')) throw err;
      return { error: { code: err.code, message: err.message } };
    }
    throw new ValidationError('give formula, collection or subscription', [
      { path: 'formula', code: 'required', message: 'give formula, collection or subscription' },
    ]);
  }

  /** A `map` that reads each subscription's collections once: for one ingest batch. */
  mapper(): (message: Message, sub: Subscription) => Promise<MappingOutcome> {
    const cache = new Map<string, Promise<MappingCollection[]>>();
    return (message, sub) => {
      let collections = cache.get(sub.id);
      if (collections === undefined) cache.set(sub.id, (collections = this.enabled(sub.id)));
      return collections.then((c) => this.map(message, sub, c));
    };
  }

  /** Enabled collections of a subscription, in the order they apply. */
  async enabled(subscriptionId: string): Promise<MappingCollection[]> {
    return (await this.deps.storage.collections.list(subscriptionId))
      .map(fromRow)
      .filter((c) => c.status === 'Enabled');
  }

  private async insert(subscriptionId: string, input: MappingCollectionInput): Promise<MappingCollection> {
    await this.checkSaved(input);
    const now = this.now();
    const row = toRow(`map_${randomBytes(6).toString('hex')}`, subscriptionId, input, now, now);
    if (!(await this.deps.storage.collections.insert(row))) throw exists(input.name);
    return fromRow(row);
  }

  /** What only a whole collection can show, checked at save time: lookup tables that exist, formulas that parse. */
  private async checkSaved(input: MappingCollectionInput): Promise<void> {
    const unknownTables: Issue[] = input.rows.flatMap((r, i) =>
      r.type === 'lookup' && !Object.hasOwn(input.lookups, r.table)
        ? [{ path: `rows.${i}.table`, code: 'unknown_lookup_table', message: `no lookup table "${r.table}"` }]
        : [],
    );
    if (unknownTables.length > 0) throw invalid(unknownTables);
    await this.checkFormulas(input);
  }

  /** Syntax errors at save time, with the row, line and column. */
  private async checkFormulas(input: MappingCollectionInput): Promise<void> {
    const sources: [string, string | undefined][] = [
      ['mappingFilter', input.mappingFilter],
      ['errorFilter', input.errorFilter],
      ...input.rows.map((r, i): [string, string | undefined] => [
        `rows.${i}.formula`,
        r.type === 'formula' ? r.formula : undefined,
      ]),
    ];
    const issues: Issue[] = [];
    for (const [path, source] of sources) {
      const problem = source === undefined ? undefined : await this.deps.formulas.check(source);
      if (problem)
        issues.push({
          path,
          code: 'formula_syntax',
          message: `${problem.message} (line ${problem.location.line}, column ${problem.location.column})`,
        });
    }
    if (issues.length > 0)
      throw new ValidationError(
        `a formula does not parse: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
        'ERR_FORMULA_SYNTAX',
      );
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

const exists = (name: string) =>
  new ConflictError('ERR_MAPPING_COLLECTION_EXISTS', `a mapping collection named "${name}" already exists`);

const invalid = (issues: Issue[]): ValidationError =>
  new ValidationError(
    `the mapping collection is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
