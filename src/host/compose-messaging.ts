// Mapping collections and the Messages they map, composed on their own: the ingest thread needs nothing else of
// the composition root (compose.ts), and its graph (auth methods, consent, sign-in) cost that thread 1 MB of heap.
import type { Clock } from '../core/clock.js';
import type { FerryConfig } from '../core/config.js';
import type { Message } from '../core/messages/message.js';
import type { Storage } from '../core/ports/storage.js';
import type { Subscription } from '../core/subscriptions/subscription.js';
import { bulkFormatOf, readBulkRecords } from '../adapters/bulk/bulk-records.js';
import { lazyFormulas } from '../engine/mappings/lazy-formulas.js';
import { MappingService } from '../engine/mappings/mapping-service.js';
import { ingestRecords } from '../engine/messages/bulk-ingest.js';
import { MessageService } from '../engine/messages/message-service.js';
import type { BulkIngest } from '../http/deps.js';

export interface MessagingLinks {
  /** A subscription by id or name (secrets not needed: mapping and planning never use them). */
  subscription(idOrName: string): Promise<Subscription>;
  subscriptions(): Promise<Subscription[]>;
  /** New Messages were queued for delivery. */
  onQueued(ids: readonly string[]): void;
}

/** Mapping collections and the Messages they map, on a formula engine of their own (one per thread). */
export function composeMessaging(
  d: { readonly config: FerryConfig; readonly storage: Storage; readonly clock: Clock },
  links: MessagingLinks,
): { mappings: MappingService; messages: MessageService; bulk: BulkIngest; close: () => void } {
  const { storage, clock } = d;
  // Loaded (QuickJS and its WebAssembly) on the first formula checked or evaluated on this thread: with the default
  // mapping none ever is, and the main and ingest threads each keep about 15 MB fewer resident (idle RSS of
  // `ferry serve` 157 -> 142 MB).
  const formulas = lazyFormulas(async () => {
    const { createQuickJsFormulaEngine } = await import('../adapters/formula/quickjs-formula-engine.js');
    return createQuickJsFormulaEngine({
      timeoutMs: d.config.formulaTimeoutMs,
      memoryBytes: d.config.formulaMemoryBytes,
    });
  });
  const mappings = new MappingService({
    storage,
    clock,
    formulas,
    subscription: (idOrName) => links.subscription(idOrName),
    parseMessage: (body): Message => messages.parse(body),
  });
  const messages = new MessageService({
    storage,
    clock,
    subscriptions: () => links.subscriptions(),
    mapper: () => mappings.mapper(),
    onQueued: (ids) => links.onQueued(ids),
  });
  const bulk: BulkIngest = {
    formatOf: bulkFormatOf,
    ingest: (source, format) => ingestRecords(messages, readBulkRecords(source, format)),
  };
  return { mappings, messages, bulk, close: () => formulas.close() };
}
