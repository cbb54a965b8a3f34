// Format detection, string sources, and a large generated upload read as a stream.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { bulkFormatOf, readBulkRecords } from './bulk-records.js';

describe('bulkFormatOf', () => {
  it.each([
    ['application/x-ndjson', 'ndjson'],
    ['application/jsonl; charset=utf-8', 'ndjson'],
    ['Application/JSON', 'json'],
    ['text/csv;charset=UTF-8', 'csv'],
    ['messages.ndjson', 'ndjson'],
    ['/tmp/export.JSONL', 'ndjson'],
    ['./batch.json', 'json'],
    ['C:\\data\\tickets.csv', 'csv'],
  ])('reads %s as %s', (input, format) => {
    expect(bulkFormatOf(input)).toBe(format);
  });

  it.each(['text/plain', 'application/xml', 'messages.txt', 'csv', 'constructor', '.toString'])(
    'does not know %s',
    (input) => {
      expect(bulkFormatOf(input)).toBeUndefined();
    },
  );
});

describe('readBulkRecords', () => {
  it('accepts string chunks, even ones that split a surrogate pair or a BOM', async () => {
    function* pieces() {
      yield '\uFEFF';
      yield '{"T":"a\uD83D';
      yield '\uDE80"}\n';
    }
    const out = [];
    for await (const record of readBulkRecords(Readable.from(pieces()), 'ndjson')) out.push(record);
    expect(out).toEqual([{ line: 1, value: { T: 'a🚀' } }]);
  });

  it('rejects a maxRecordBytes that is not a positive integer', () => {
    expect(() => readBulkRecords(Readable.from([]), 'json', { maxRecordBytes: 0 })).toThrow(RangeError);
  });

  it.each(['ndjson', 'json', 'csv'] as const)('streams 100k generated %s records', async (format) => {
    const count = 100_000;
    function* generate(): Generator<Uint8Array> {
      const encoder = new TextEncoder();
      if (format === 'csv') yield encoder.encode('Id,Severity,Ticket\n');
      if (format === 'json') yield encoder.encode('[\n');
      for (let start = 0; start < count; start += 1000) {
        let text = '';
        for (let i = start; i < start + 1000; i++) {
          const sep = format === 'json' && i < count - 1 ? ',' : '';
          text += format === 'csv' ? `m-${i},Info,"T-${i}"\n` : `{"Id":"m-${i}","Severity":"Info"}${sep}\n`;
        }
        yield encoder.encode(text);
      }
      if (format === 'json') yield encoder.encode(']\n');
    }
    let seen = 0;
    let errors = 0;
    let last: unknown;
    for await (const record of readBulkRecords(Readable.from(generate()), format)) {
      if ('error' in record) errors++;
      seen++;
      last = record;
    }
    expect({ seen, errors }).toEqual({ seen: count, errors: 0 });
    expect(JSON.parse(JSON.stringify(last))).toMatchObject({
      line: format === 'ndjson' ? count : count + 1, // csv has a header, json a `[` line
      value: { Id: `m-${count - 1}` },
    });
  });
});
