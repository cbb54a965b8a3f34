// Accepting Messages: validate, store once per Id, and plan a transfer for every enabled subscription.
import { isoTime, type Clock } from '../../core/clock.js';
import { ValidationError } from '../../core/errors.js';
import { messageInput, type Message } from '../../core/messages/message.js';
import type { MessageIngest, NewTransfer, TransferStatus } from '../../core/ports/delivery-storage.js';
import type { Storage } from '../../core/ports/storage.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import { toIssues } from '../../core/zod-issues.js';
import type { MappingOutcome } from '../mappings/mapping-runner.js';
import { planTransfers } from './transfer-plan.js';

/** Transfers for one stored message on one subscription, at a priority, with or without debug logging. */
export type TransferPlanner = (
  message: Message,
  sub: Subscription,
  priority: number,
  debug: boolean,
) => Promise<NewTransfer[]>;

export interface TransferRef {
  readonly trackingId: string;
  readonly subscriptionId: string;
  readonly part: number;
  readonly parts: number;
  readonly status: TransferStatus;
  readonly error?: string;
}

export interface IngestOutcome {
  readonly id: string;
  /** The Id was accepted before: nothing was stored or sent again. */
  readonly duplicate: boolean;
  readonly transfers: readonly TransferRef[];
}

/** One record of a bulk send: accepted, a duplicate, or rejected with the reason. */
export type BulkItemOutcome =
  | { readonly line: number; readonly status: 'accepted' | 'duplicate'; readonly id: string }
  | { readonly line: number; readonly status: 'rejected'; readonly error: string };

export interface MessageServiceDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly subscriptions: () => Promise<Subscription[]>;
  /** A mapping of Messages for subscriptions (collection or default mapping), used for one batch. */
  readonly mapper: () => (message: Message, sub: Subscription) => Promise<MappingOutcome>;
  /** Told which subscriptions got newly ingested Messages (queued after whatever was already waiting). */
  readonly onQueued: (subscriptionIds: readonly string[]) => void;
}

export class MessageService {
  constructor(private readonly deps: MessageServiceDeps) {}

  /** Validates one Message; throws ValidationError listing every problem. */
  parse(body: unknown): Message {
    const parsed = messageInput.safeParse(body);
    if (!parsed.success) {
      const issues = toIssues(parsed.error);
      throw new ValidationError(
        `the message is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      );
    }
    return this.complete(parsed.data);
  }

  async ingest(body: unknown): Promise<IngestOutcome> {
    const [outcome] = await this.ingestParsed([this.parse(body)], true);
    if (outcome === undefined) throw new Error('ingest returned nothing');
    return outcome;
  }

  /** Stores a batch in one transaction; records that fail validation are reported and the rest go on. */
  async ingestBatch(records: readonly { line: number; value: unknown }[]): Promise<BulkItemOutcome[]> {
    const valid: { line: number; message: Message }[] = [];
    const out: BulkItemOutcome[] = [];
    const seen = new Set<string>();
    for (const { line, value } of records) {
      try {
        const message = this.parse(value);
        // Two records with one Id in the same batch: the second is a duplicate, as it would be across batches.
        if (seen.has(message.Id)) out.push({ line, status: 'duplicate', id: message.Id });
        else valid.push({ line, message });
        seen.add(message.Id);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        out.push({
          line,
          status: 'rejected',
          error: err.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
        });
      }
    }
    const results = await this.ingestParsed(
      valid.map((v) => v.message),
      false,
    );
    results.forEach((r, i) => {
      const line = valid[i]?.line ?? 0;
      if (r.undeliverable !== undefined) out.push({ line, status: 'rejected', error: r.undeliverable });
      else out.push({ line, status: r.duplicate ? 'duplicate' : 'accepted', id: r.id });
    });
    return out.sort((a, b) => a.line - b.line);
  }

  /**
   * Plans transfers for stored messages on a subscription that never saw them (Manual Sync). One planner per
   * sync: its mapper reads the subscription's collections once, not once per message.
   */
  planner(): TransferPlanner {
    const map = this.deps.mapper();
    return async (message, sub, priority, debug) =>
      planTransfers(message, sub, await map(message, sub), {
        receivedAtMs: this.deps.clock.now(),
        priority,
        debug,
      });
  }

  /**
   * A Message that no enabled subscription can turn into a valid payload is refused, not stored: the sender
   * learns at once (a single send throws; a bulk record is reported rejected).
   */
  private async ingestParsed(
    messages: readonly Message[],
    throwUndeliverable: boolean,
  ): Promise<(IngestOutcome & { undeliverable?: string })[]> {
    if (messages.length === 0) return [];
    const subs = (await this.deps.subscriptions()).filter((s) => s.enabled);
    const now = this.deps.clock.now();
    const receivedAt = isoTime(now);
    const refused = new Map<number, string>();
    const items: MessageIngest[] = [];
    const map = this.deps.mapper();
    for (const [index, m] of messages.entries()) {
      const transfers: NewTransfer[] = [];
      const outcomes: MappingOutcome[] = [];
      for (const s of subs) {
        const outcome = await map(m, s);
        outcomes.push(outcome);
        transfers.push(...planTransfers(m, s, outcome, { receivedAtMs: now }));
      }
      const reason = undeliverable(outcomes);
      if (reason === undefined) items.push({ id: m.Id, bodyJson: JSON.stringify(m), receivedAt, transfers });
      else if (throwUndeliverable)
        throw new ValidationError(
          `no subscription can deliver this message: ${reason}`,
          [{ path: 'CustomFields', code: 'undeliverable', message: reason }],
          'ERR_MESSAGE_UNDELIVERABLE',
        );
      else refused.set(index, reason);
    }
    const stored = await this.deps.storage.delivery.ingest(items);
    this.deps.onQueued(subs.map((s) => s.id));
    let next = 0;
    return messages.map((m, index) => {
      const reason = refused.get(index);
      if (reason !== undefined) return { id: m.Id, duplicate: false, transfers: [], undeliverable: reason };
      const i = next++;
      const r = stored[i];
      return { ...this.outcome(r?.id ?? m.Id, r?.duplicate ?? false, items[i]) };
    });
  }

  private outcome(id: string, duplicate: boolean, item: MessageIngest | undefined): IngestOutcome {
    return {
      id,
      duplicate,
      transfers: duplicate
        ? []
        : (item?.transfers ?? []).map((t) => ({
            trackingId: t.trackingId,
            subscriptionId: t.subscriptionId,
            part: t.part,
            parts: t.parts,
            status: t.status,
            ...(t.errorText === null ? {} : { error: t.errorText }),
          })),
    };
  }

  /**
   * Gives the Message its CreatedTime in place: zod made `m` for this call, and `{ ...m, CreatedTime }` is a
   * spread followed by a new property, which V8 builds slowly.
   */
  private complete(m: ReturnType<typeof messageInput.parse>): Message {
    m.CreatedTime ??= isoTime(this.deps.clock.now());
    return m as Message;
  }
}

/** Why no subscription can send the Message, when every mapping made an invalid payload; else undefined. */
function undeliverable(outcomes: readonly MappingOutcome[]): string | undefined {
  if (outcomes.length === 0 || outcomes.some((o) => o.kind !== 'failed' || o.problems === undefined))
    return undefined;
  return [...new Set(outcomes.flatMap((o) => (o.kind === 'failed' ? (o.problems ?? []) : [])))].join('; ');
}
