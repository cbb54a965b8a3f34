// JSON array reading: elements with their lines, bad elements, broken documents, oversize elements.
import { describe, expect, it } from 'vitest';
import { expectRefusedWhole, readAll, readBothWays } from './test-support/chunks.js';

describe('readBulkRecords (json)', () => {
  it('reads each element of a top-level array with the line it starts on', async () => {
    const text =
      '[\n  {"Id":"a","Links":[{"Url":"u"}]},\n  {"Id":"b",\n   "Text":"a \\"quoted\\" ] , {"},\n  42, "s", null, [ ]\n]\n';
    expect(await readBothWays(text, 'json')).toEqual([
      { line: 2, value: { Id: 'a', Links: [{ Url: 'u' }] } },
      { line: 3, value: { Id: 'b', Text: 'a "quoted" ] , {' } },
      { line: 5, value: 42 },
      { line: 5, value: 's' },
      { line: 5, value: null },
      { line: 5, value: [] },
    ]);
  });

  it('reads an empty array as no records, with CRLF and surrounding whitespace', async () => {
    expect(await readBothWays('\r\n [ \r\n ] \r\n', 'json')).toEqual([]);
    expect(await readBothWays('[{"Id":"a"},\r\n{"Id":"b"}]', 'json')).toEqual([
      { line: 1, value: { Id: 'a' } },
      { line: 2, value: { Id: 'b' } },
    ]);
  });

  it('reports an element that does not parse and reads the ones after it', async () => {
    const records = await readBothWays(
      '[\n{"Id":"a"},\n{"Id": nope},\n{"Id":"c"} {"Id":"d"},\n{"Id":"e"}\n]',
      'json',
    );
    expect(records).toEqual([
      { line: 2, value: { Id: 'a' } },
      { line: 3, error: expect.stringMatching(/^invalid JSON: Unexpected token/) },
      { line: 4, error: expect.stringMatching(/^invalid JSON: /) },
      { line: 5, value: { Id: 'e' } },
    ]);
  });

  it('reports missing elements: a leading, doubled or trailing comma', async () => {
    expect(await readBothWays('[,1,\n,2,\n]', 'json')).toEqual([
      { line: 1, error: 'invalid JSON: missing array element' },
      { line: 1, value: 1 },
      { line: 2, error: 'invalid JSON: missing array element' },
      { line: 2, value: 2 },
      { line: 3, error: 'invalid JSON: missing array element' },
    ]);
  });

  it('rejects a document that is not an array with one error record', async () => {
    await expectRefusedWhole('json', [
      ['\n\n{"Id":"a"}\n', { line: 3, error: 'expected a JSON array ("[") but found "{"' }],
      ['  \n', { line: 2, error: 'expected a JSON array but the document is empty' }],
    ]);
  });

  it('ends with one error record where an unclosed array or string breaks the document', async () => {
    expect(await readBothWays('[\n{"Id":"a"},\n{"Id":"b', 'json')).toEqual([
      { line: 2, value: { Id: 'a' } },
      { line: 3, error: 'unexpected end of input: the JSON array is not closed' },
    ]);
    expect(await readBothWays('[{"Id":"a"},\n', 'json')).toEqual([
      { line: 1, value: { Id: 'a' } },
      { line: 2, error: 'unexpected end of input: the JSON array is not closed' },
    ]);
  });

  it('stops at data after the end of the array', async () => {
    expect(await readBothWays('[1]\n[2]\n', 'json')).toEqual([
      { line: 1, value: 1 },
      { line: 2, error: 'unexpected "[" after the end of the JSON array' },
    ]);
  });

  it('reports an element over maxRecordBytes and reads the next', async () => {
    const big = `{"Text":"${'x'.repeat(300)}","Nested":[{"a":"]"}]}`;
    expect(await readBothWays(`[{"Id":"a"},\n${big},\n{"Id":"c"}]`, 'json', 64)).toEqual([
      { line: 1, value: { Id: 'a' } },
      { line: 2, error: 'record is larger than 64 bytes' },
      { line: 3, value: { Id: 'c' } },
    ]);
  });

  it('keeps multi-byte characters whole and strips a BOM when every byte is its own chunk', async () => {
    expect(await readAll('\uFEFF[{"Text":"naïve ☃ 𝄞"}]', 'json', { chunkSize: 1 })).toEqual([
      { line: 1, value: { Text: 'naïve ☃ 𝄞' } },
    ]);
  });
});
