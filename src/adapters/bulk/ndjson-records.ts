// Reads NDJSON (JSON Lines): one JSON value per line, blank lines skipped, CRLF tolerated.
import { type BulkRecord, jsonRecord, tooLarge } from './bulk-record.js';
import { RecordBytes } from './byte-source.js';

const NEWLINE = 0x0a;

/** A bad line becomes an error record and reading goes on; a line over `maxBytes` is skipped unbuffered. */
export async function* ndjsonRecords(
  bytes: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<BulkRecord> {
  const current = new RecordBytes(maxBytes);
  let line = 1;
  for await (const chunk of bytes) {
    let pos = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, pos)) {
      current.add(chunk, pos, nl);
      const record = finishLine(current, line++);
      if (record) yield record;
      pos = nl + 1;
    }
    current.add(chunk, pos);
  }
  const record = finishLine(current, line);
  if (record) yield record;
}

function finishLine(current: RecordBytes, line: number): BulkRecord | undefined {
  if (current.oversize) {
    current.reset();
    return tooLarge(line, current.maxBytes);
  }
  const text = current.take();
  if (text.trim() === '') return undefined;
  return jsonRecord(text, line); // JSON.parse ignores the trailing \r of a CRLF line as whitespace
}
