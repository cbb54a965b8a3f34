// Bulk sends: the streamed record reader (adapter) feeding MessageService in batches of one transaction each.
import { bulkFormatOf, readBulkRecords } from '../adapters/bulk/bulk-records.js';
import type { MessageService } from '../engine/messages/message-service.js';
import type { BulkIngest } from '../http/deps.js';

const BATCH = 500;
/** Rejected lines listed in the answer; the count goes on beyond it. */
const MAX_LISTED = 1_000;

export function createBulkIngest(messages: MessageService): BulkIngest {
  return {
    formatOf: bulkFormatOf,
    async ingest(source, format) {
      const summary = {
        accepted: 0,
        duplicates: 0,
        rejectedCount: 0,
        rejected: [] as { line: number; message: string }[],
      };
      const reject = (line: number, message: string) => {
        summary.rejectedCount++;
        if (summary.rejected.length < MAX_LISTED) summary.rejected.push({ line, message });
      };
      let batch: { line: number; value: unknown }[] = [];
      const flush = async () => {
        for (const r of await messages.ingestBatch(batch)) {
          if (r.status === 'accepted') summary.accepted++;
          else if (r.status === 'duplicate') summary.duplicates++;
          else if ('error' in r) reject(r.line, r.error);
        }
        batch = [];
        // Records already buffered arrive as microtasks: without a turn of the event loop here, one upload
        // would hold the ingest thread (other uploads, the main thread's calls) until its buffer ran dry.
        await new Promise<void>((next) => setImmediate(next));
      };
      for await (const record of readBulkRecords(source, format)) {
        if ('error' in record) reject(record.line, record.error);
        else batch.push(record);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      return summary;
    },
  };
}
