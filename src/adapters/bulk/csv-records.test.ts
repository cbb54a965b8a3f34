// CSV reading: header mapping, RFC 4180 quoting, line numbers, bad rows, BOM, CRLF, oversize rows.
import { describe, expect, it } from 'vitest';
import { messageInput } from '../../core/messages/message.js';
import { expectRefusedWhole, readAll, readBothWays } from './test-support/chunks.js';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('readBulkRecords (csv)', () => {
  it('maps the known columns case-insensitively and the others to custom fields, leaving out empty cells', async () => {
    const text = 'id,SEVERITY,Text,Ticket No,detail\nm-1,Error,Disk full,T-42,\nm-2,,,,more\n';
    const records = await readBothWays(text, 'csv');
    expect(records.map(plain)).toEqual([
      {
        line: 2,
        value: { Id: 'm-1', Severity: 'Error', Text: 'Disk full', CustomFields: { 'Ticket No': 'T-42' } },
      },
      { line: 3, value: { Id: 'm-2', Detail: 'more' } },
    ]);
    const first = records[0] as { value: unknown };
    expect(messageInput.parse(first.value)).toMatchObject({
      Id: 'm-1',
      CustomFields: { 'Ticket No': 'T-42' },
    });
  });

  it('reads quoted cells with commas, doubled quotes and newlines, numbering rows by their first line', async () => {
    const text = 'Id,Text\r\n"a","one, two"\r\n"b","say ""hi""\r\nsecond line\nthird"\r\nc,plain\r\n';
    expect((await readBothWays(text, 'csv')).map(plain)).toEqual([
      { line: 2, value: { Id: 'a', Text: 'one, two' } },
      { line: 3, value: { Id: 'b', Text: 'say "hi"\r\nsecond line\nthird' } },
      { line: 6, value: { Id: 'c', Text: 'plain' } },
    ]);
  });

  it('strips a UTF-8 BOM, skips blank lines and reads a last row without a newline', async () => {
    const text = '\uFEFFId,Text\n\nä-1,Grüße 東京\r\n\r\nb,🚀';
    expect((await readAll(text, 'csv', { chunkSize: 1 })).map(plain)).toEqual([
      { line: 3, value: { Id: 'ä-1', Text: 'Grüße 東京' } },
      { line: 5, value: { Id: 'b', Text: '🚀' } },
    ]);
  });

  it('reports rows with the wrong number of cells or text after a quote, and reads on', async () => {
    const text = 'Id,Text\na,1\nb\nc,2,extra\n"d"x,3\ne,"4"\n';
    expect((await readBothWays(text, 'csv')).map(plain)).toEqual([
      { line: 2, value: { Id: 'a', Text: '1' } },
      { line: 3, error: 'expected 2 cells as in the header, found 1' },
      { line: 4, error: 'expected 2 cells as in the header, found 3' },
      { line: 5, error: 'unexpected text after a closing quote' },
      { line: 6, value: { Id: 'e', Text: '4' } },
    ]);
  });

  it('ends with one error record at an unterminated quote', async () => {
    expect(await readBothWays('Id,Text\na,1\nb,"never\nclosed,\n', 'csv')).toEqual([
      { line: 2, value: expect.objectContaining({ Id: 'a' }) },
      { line: 3, error: 'unterminated quoted cell: the input ends inside quotes' },
    ]);
  });

  it('reports a row over maxRecordBytes and reads the next', async () => {
    const text = `Id,Text\na,1\nb,"${'x\n'.repeat(100)}"\nc,3\n`;
    expect((await readBothWays(text, 'csv', 64)).map(plain)).toEqual([
      { line: 2, value: { Id: 'a', Text: '1' } },
      { line: 3, error: 'record is larger than 64 bytes' },
      { line: 104, value: { Id: 'c', Text: '3' } },
    ]);
  });

  it('rejects a header with an empty or repeated column and reads no further', async () => {
    await expectRefusedWhole('csv', [
      ['Id,,Text\na,b,c\n', { line: 1, error: 'header row: column 2 has no name' }],
      ['\nId,ID\na,b\n', { line: 2, error: 'header row: column "ID" appears twice' }],
    ]);
  });

  it('keeps a "__proto__" column as a custom field on a null-prototype object', async () => {
    const [record] = await readAll('Id,__proto__,constructor\na,evil,also\n', 'csv');
    const value = (record as { value: { CustomFields: Record<string, string> } }).value;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.getPrototypeOf(value.CustomFields)).toBeNull();
    expect(Object.entries(value.CustomFields)).toEqual([
      ['__proto__', 'evil'],
      ['constructor', 'also'],
    ]);
    expect(({} as Record<string, unknown>).evil).toBeUndefined();
  });

  it('reads an empty file as no records', async () => {
    expect(await readBothWays('', 'csv')).toEqual([]);
  });
});
