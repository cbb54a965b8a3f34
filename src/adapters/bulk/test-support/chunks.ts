// Test inputs for the bulk readers: text cut into byte chunks of a chosen size, and reading all records.
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { type BulkFormat, type BulkRecord, readBulkRecords } from '../bulk-records.js';

/** `text` as a stream of UTF-8 byte chunks of `size` bytes (1 splits every multi-byte character). */
export function chunked(text: string | Uint8Array, size: number): AsyncIterable<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  function* pieces() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
  }
  return Readable.from(pieces());
}

export async function readAll(
  text: string | Uint8Array,
  format: BulkFormat,
  options: { chunkSize?: number; maxRecordBytes?: number } = {},
): Promise<BulkRecord[]> {
  const out: BulkRecord[] = [];
  const source = chunked(text, options.chunkSize ?? 64 * 1024);
  const read = readBulkRecords(
    source,
    format,
    options.maxRecordBytes ? { maxRecordBytes: options.maxRecordBytes } : {},
  );
  for await (const record of read) out.push(record);
  return out;
}

/** Reads with chunks of 1 byte and of 64 KiB and checks both give the same records, which it returns. */
export async function readBothWays(
  text: string,
  format: BulkFormat,
  maxRecordBytes?: number,
): Promise<BulkRecord[]> {
  const options = maxRecordBytes ? { maxRecordBytes } : {};
  const whole = await readAll(text, format, options);
  const bytewise = await readAll(text, format, { ...options, chunkSize: 1 });
  if (JSON.stringify(bytewise) !== JSON.stringify(whole))
    throw new Error(`1-byte chunks read differently:\n${JSON.stringify(bytewise)}\n${JSON.stringify(whole)}`);
  return whole;
}

/** Expects each document read (both ways) as one error record and nothing else: refused as a whole. */
export async function expectRefusedWhole(
  format: BulkFormat,
  documents: readonly (readonly [text: string, refusal: { line: number; error: string }])[],
): Promise<void> {
  for (const [text, refusal] of documents) expect(await readBothWays(text, format), text).toEqual([refusal]);
}
