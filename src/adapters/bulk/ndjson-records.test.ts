// NDJSON reading: records, blank lines, CRLF, bad and oversize lines, chunks split anywhere.
import { describe, expect, it } from 'vitest';
import { readAll, readBothWays } from './test-support/chunks.js';

describe('readBulkRecords (ndjson)', () => {
  it('reads one JSON value per line with its line number, skipping blank lines', async () => {
    const text = '{"Id":"a"}\n\n   \n{"Id":"b","Text":"two"}\n[1,2]\n"x"\n';
    expect(await readBothWays(text, 'ndjson')).toEqual([
      { line: 1, value: { Id: 'a' } },
      { line: 4, value: { Id: 'b', Text: 'two' } },
      { line: 5, value: [1, 2] },
      { line: 6, value: 'x' },
    ]);
  });

  it('reads a last line without a newline and tolerates CRLF', async () => {
    expect(await readBothWays('{"Id":"a"}\r\n\r\n{"Id":"b"}', 'ndjson')).toEqual([
      { line: 1, value: { Id: 'a' } },
      { line: 3, value: { Id: 'b' } },
    ]);
  });

  it('reports a bad line with its number and goes on reading', async () => {
    const records = await readBothWays('{"Id":"a"}\n{"Id": nope}\n{"Id":"c"}\n{"Id":\n', 'ndjson');
    expect(records).toHaveLength(4);
    expect(records[0]).toEqual({ line: 1, value: { Id: 'a' } });
    expect(records[1]).toMatchObject({
      line: 2,
      error: expect.stringMatching(/^invalid JSON: Unexpected token/),
    });
    expect(records[2]).toEqual({ line: 3, value: { Id: 'c' } });
    expect(records[3]).toMatchObject({ line: 4, error: expect.stringMatching(/^invalid JSON: /) });
  });

  it('keeps multi-byte characters whole when every byte arrives in its own chunk', async () => {
    const text = '{"Text":"Grüße, 東京 🚀"}\n{"Text":"ok"}\n';
    expect(await readAll(text, 'ndjson', { chunkSize: 1 })).toEqual([
      { line: 1, value: { Text: 'Grüße, 東京 🚀' } },
      { line: 2, value: { Text: 'ok' } },
    ]);
  });

  it('skips a line over maxRecordBytes with an error record and reads the next', async () => {
    const long = `{"Text":"${'x'.repeat(500)}"}`;
    expect(await readBothWays(`{"Id":"a"}\n${long}\n{"Id":"c"}\n`, 'ndjson', 100)).toEqual([
      { line: 1, value: { Id: 'a' } },
      { line: 2, error: 'record is larger than 100 bytes' },
      { line: 3, value: { Id: 'c' } },
    ]);
  });

  it('accepts a line of exactly maxRecordBytes', async () => {
    const line = `{"T":"${'x'.repeat(10)}"}`; // 18 bytes
    expect(await readAll(line, 'ndjson', { maxRecordBytes: 18 })).toEqual([
      { line: 1, value: { T: 'x'.repeat(10) } },
    ]);
    expect(await readAll(line, 'ndjson', { maxRecordBytes: 17 })).toEqual([
      { line: 1, error: 'record is larger than 17 bytes' },
    ]);
  });

  it('parses "__proto__" as an own key without touching prototypes', async () => {
    const [record] = await readAll('{"__proto__":{"polluted":true},"Id":"a"}\n', 'ndjson');
    const value = (record as { value: Record<string, unknown> }).value;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
