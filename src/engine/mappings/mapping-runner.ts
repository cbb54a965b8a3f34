// Runs a mapping collection on a Message: mapping filter, rows, error filter, then the payload checks.
import { isFerryError } from '../../core/errors.js';
import { listenerBodyProblems, type DestinationKind } from '../../core/delivery/listener.js';
import { writesBody, type MappingCollection, type MappingRow } from '../../core/mappings/mapping.js';
import type { Message } from '../../core/messages/message.js';
import { moveworksPayloadSchema, type MoveworksPayload } from '../../core/delivery/moveworks.js';
import type { FormulaEngine } from '../../core/ports/formula.js';
import { toIssues } from '../../core/zod-issues.js';
import { isTransientFormulaError } from './patient-formulas.js';
import { emptyDraft, text, write, type PayloadDraft } from './payload-writer.js';

/** What mapping made of a Message for one subscription: an Events API payload, or a listener's JSON body. */
export type MappingOutcome =
  | { readonly kind: 'payload'; readonly payload: MoveworksPayload }
  | { readonly kind: 'body'; readonly body: unknown }
  | {
      readonly kind: 'skipped' | 'failed';
      readonly code: string;
      readonly text: string;
      /** For INVALID_PAYLOAD: what is wrong with the payload, for the 422 at ingest. */
      readonly problems?: readonly string[];
    };

/** The outcome of a payload the mapping made invalid: nothing is sent, and the problems say why. */
export function invalidPayload(problems: readonly string[]): MappingOutcome {
  return {
    kind: 'failed',
    code: 'INVALID_PAYLOAD',
    text: `Could not Post Message To Moveworks: the mapped payload is invalid (${problems.join('; ')})`,
    problems,
  };
}

const DESTINATION_OF: Readonly<Record<string, string>> = {
  eventId: 'EventId',
  message: 'Message',
  recipients: 'Recipients',
};

/** Every Message field a formula may name, absent ones as null (so `IsEmpty(Detail)` works when there is none). */
export function formulaScope(message: Message): Record<string, unknown> {
  return {
    Id: message.Id,
    Type: message.Type,
    Severity: message.Severity,
    Text: message.Text,
    Detail: message.Detail ?? null,
    CustomFields: { ...message.CustomFields },
    ExternalIds: message.ExternalIds,
    Links: message.Links,
    CreatedTime: message.CreatedTime,
  };
}

/** A Message field by name: `Text`, `Detail`, … or `CustomFields.<name>` (the name may contain dots). */
export function fieldValue(message: Message, field: string): unknown {
  if (field.startsWith('CustomFields.')) return message.CustomFields[field.slice('CustomFields.'.length)];
  return (message as unknown as Record<string, unknown>)[field];
}

const label = (row: MappingRow, index: number) =>
  `row ${index + 1} (${row.destination}, ${row.type}${row.type === 'field' || row.type === 'lookup' ? ` ${row.field}` : ''})`;

/** What a collection maps for: the subscription's destination (absent: the Events API) and default event id. */
export interface MappingTarget {
  readonly destination?: DestinationKind | undefined;
  readonly defaultEventId?: string | undefined;
}

export async function runCollection(
  collection: MappingCollection,
  message: Message,
  target: MappingTarget,
  formulas: FormulaEngine,
): Promise<MappingOutcome> {
  // Built only when a formula runs: a collection of field rows never needs it.
  let scope: Record<string, unknown> | undefined;
  const scopeOf = () => (scope ??= formulaScope(message));
  const where = { at: 'mapping filter' };
  try {
    if (collection.mappingFilter !== undefined) {
      const keep = await formulas.evaluate(collection.mappingFilter, scopeOf());
      if (keep === false)
        return {
          kind: 'skipped',
          code: 'MAPPING_FILTER',
          text: `skipped: the mapping filter of "${collection.name}" returned false`,
        };
    }
    const out = emptyDraft();
    const writer: Record<string, string> = {};
    const listener = target.destination === 'listener';
    const misfits: string[] = [];
    for (const [index, row] of collection.rows.entries()) {
      where.at = label(row, index);
      if (writesBody(row.destination) !== listener) {
        misfits.push(where.at);
        continue;
      }
      let value = await rowValue(row, message, scopeOf, collection, formulas);
      if (value === undefined || value === null) continue;
      if (row.type === 'field' && row.field === 'CustomFields') {
        const read = fieldsRead(collection);
        value = Object.fromEntries(Object.entries(message.CustomFields).filter(([name]) => !read.has(name)));
      }
      write(out, row.destination, value);
      writer[writerKey(row.destination)] = where.at;
    }
    where.at = 'error filter';
    if (collection.errorFilter !== undefined) {
      const error = await formulas.evaluate(collection.errorFilter, scopeOf());
      if (typeof error === 'string' && error.trim() !== '')
        return {
          kind: 'failed',
          code: 'ERROR_FILTER',
          text: `Could not Post Message To Moveworks: ${error}`,
        };
    }
    if (misfits.length > 0) return invalidPayload([misfitProblem(listener, misfits)]);
    if (listener) return finishBody(out, writer);
    const payload: MoveworksPayload = {
      eventId: out.eventId.trim() || (target.defaultEventId ?? ''),
      message: out.message,
      recipients: out.recipients,
      ...(Object.keys(out.slots).length > 0 ? { context: { slots: out.slots } } : {}),
    };
    const checked = moveworksPayloadSchema.safeParse(payload);
    if (checked.success) return { kind: 'payload', payload };
    const problems = toIssues(checked.error).map((i) => {
      const dest = DESTINATION_OF[i.path.split('.')[0] ?? ''] ?? i.path;
      return `${i.path}: ${i.message} (${writer[dest] ?? `no row writes ${dest}`})`;
    });
    return invalidPayload(problems);
  } catch (err) {
    // A formula the host could not run in time fails nothing: the error goes up, so the Message is not stored
    // as failed but refused with 503 (patient-formulas.ts has already retried it).
    if (!isFerryError(err) || !err.code.startsWith('ERR_FORMULA_') || isTransientFormulaError(err)) throw err;
    return {
      kind: 'failed',
      code: err.code,
      text: `Formula failed in ${where.at} of "${collection.name}": ${err.message}`,
    };
  }
}

const readByCollection = new WeakMap<MappingCollection, ReadonlySet<string>>();

/** The custom fields a collection's rows read by name: `CustomFields` into Context.Slots means every other one. */
function fieldsRead(collection: MappingCollection): ReadonlySet<string> {
  let read = readByCollection.get(collection);
  if (read === undefined) {
    read = new Set(
      collection.rows.flatMap((r) =>
        (r.type === 'field' || r.type === 'lookup') && r.field.startsWith('CustomFields.')
          ? [r.field.slice('CustomFields.'.length)]
          : [],
      ),
    );
    readByCollection.set(collection, read);
  }
  return read;
}

async function rowValue(
  row: MappingRow,
  message: Message,
  scope: () => Record<string, unknown>,
  collection: MappingCollection,
  formulas: FormulaEngine,
): Promise<unknown> {
  switch (row.type) {
    case 'static':
      return row.value;
    case 'field':
      return fieldValue(message, row.field);
    case 'formula':
      return formulas.evaluate(row.formula, scope());
    case 'lookup': {
      const table = Object.hasOwn(collection.lookups, row.table) ? collection.lookups[row.table] : undefined;
      if (table === undefined) return undefined;
      const key = text(fieldValue(message, row.field) ?? '');
      return Object.hasOwn(table.values, key) ? table.values[key] : table.default;
    }
  }
}

const writerKey = (destination: string): string =>
  destination.startsWith('Context.Slots') ? 'context' : destination.startsWith('Body') ? 'body' : destination;

/** Rows written for the other destination kind: a collection made for events on a listener, or the reverse. */
function misfitProblem(listener: boolean, rows: readonly string[]): string {
  return listener
    ? `a webhook listener takes only Body rows: ${rows.join(', ')} write the Events API payload`
    : `the Events API takes no Body rows: ${rows.join(', ')} write a webhook listener body`;
}

function finishBody(out: PayloadDraft, writer: Readonly<Record<string, string>>): MappingOutcome {
  const problems = listenerBodyProblems(out.body);
  if (problems.length === 0) return { kind: 'body', body: out.body };
  return invalidPayload(problems.map((p) => `${p} (${writer.body ?? 'no row writes Body'})`));
}
