// Reads bulk message uploads (NDJSON, a JSON array or CSV) as a stream of raw records, with bounded memory.
import { type BulkRecord, DEFAULT_MAX_RECORD_BYTES } from './bulk-record.js';
import { bytesOf } from './byte-source.js';
import { csvRecords } from './csv-records.js';
import { jsonArrayRecords } from './json-array-records.js';
import { ndjsonRecords } from './ndjson-records.js';

export type { BulkRecord } from './bulk-record.js';
export type BulkFormat = 'ndjson' | 'json' | 'csv';

const BY_MEDIA_TYPE: Readonly<Record<string, BulkFormat>> = {
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/json': 'json',
  'text/csv': 'csv',
};
const BY_EXTENSION: Readonly<Record<string, BulkFormat>> = {
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  json: 'json',
  csv: 'csv',
};

/**
 * The format named by a Content-Type (`application/x-ndjson`, `application/jsonl`, `application/json`,
 * `text/csv`, parameters such as `; charset=utf-8` ignored) or by a file name (`.ndjson`, `.jsonl`, `.json`,
 * `.csv`); undefined when unknown.
 */
export function bulkFormatOf(contentTypeOrFileName: string): BulkFormat | undefined {
  const text = contentTypeOrFileName.trim().toLowerCase();
  const mediaType = text.split(';')[0]!.trim();
  if (Object.hasOwn(BY_MEDIA_TYPE, mediaType)) return BY_MEDIA_TYPE[mediaType];
  const extension = /\.([a-z]+)$/.exec(text)?.[1];
  return extension !== undefined && Object.hasOwn(BY_EXTENSION, extension)
    ? BY_EXTENSION[extension]
    : undefined;
}

export interface BulkReadOptions {
  /** The largest record, in bytes, that is read; a larger one becomes an error record. Default 1 MiB. */
  readonly maxRecordBytes?: number;
}

/**
 * Streams records out of `source` with bounded memory; `line` is the 1-based line where the record starts.
 * Chunks may split anywhere, even inside a UTF-8 character; a leading byte order mark is ignored.
 */
export function readBulkRecords(
  source: AsyncIterable<Uint8Array | string>,
  format: BulkFormat,
  options: BulkReadOptions = {},
): AsyncGenerator<BulkRecord> {
  const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new RangeError('maxRecordBytes must be a positive integer');
  const bytes = bytesOf(source);
  switch (format) {
    case 'ndjson':
      return ndjsonRecords(bytes, maxBytes);
    case 'json':
      return jsonArrayRecords(bytes, maxBytes);
    case 'csv':
      return csvRecords(bytes, maxBytes);
  }
}
