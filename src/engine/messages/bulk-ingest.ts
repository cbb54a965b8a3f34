// Bulk sends: records read out of an upload feed MessageService in batches of one transaction each.
import type { MessageService } from './message-service.js';

const BATCH = 500;
/** Rejected lines listed in the answer; the count goes on beyond it. */
const MAX_LISTED = 1_000;

/** One record of an upload as the reader (an adapter) made it: a raw value, or why it could not be read. */
export type RawRecord =
  { readonly line: number; readonly value: unknown } | { readonly line: number; readonly error: string };

export interface BulkSummary {
  accepted: number;
  duplicates: number;
  rejectedCount: number;
  rejected: { line: number; message: string }[];
  /** Lines whose Id was accepted before (the first 1,000): with `rejected`, every other line was accepted. */
  duplicateLines: number[];
}

/** Ingests every record of `records`, in order, and counts what became of each. */
export async function ingestRecords(
  messages: MessageService,
  records: AsyncIterable<RawRecord>,
): Promise<BulkSummary> {
  const summary: BulkSummary = {
    accepted: 0,
    duplicates: 0,
    rejectedCount: 0,
    rejected: [],
    duplicateLines: [],
  };
  const reject = (line: number, message: string) => {
    summary.rejectedCount++;
    if (summary.rejected.length < MAX_LISTED) summary.rejected.push({ line, message });
  };
  let batch: { line: number; value: unknown }[] = [];
  const flush = async () => {
    for (const r of await messages.ingestBatch(batch)) {
      if (r.status === 'accepted') summary.accepted++;
      else if (r.status === 'duplicate') {
        summary.duplicates++;
        if (summary.duplicateLines.length < MAX_LISTED) summary.duplicateLines.push(r.line);
      } else if ('error' in r) reject(r.line, r.error);
    }
    batch = [];
    // Records already buffered arrive as microtasks: without a turn of the event loop here, one upload
    // would hold the ingest thread (other uploads, the main thread's calls) until its buffer ran dry.
    await new Promise<void>((next) => setImmediate(next));
  };
  for await (const record of records) {
    if ('error' in record) reject(record.line, record.error);
    else batch.push(record);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return summary;
}
