// Splits RFC 4180 CSV bytes into rows of cells, with the physical line each row starts on.
import { RecordBytes } from './byte-source.js';

export type CsvRow =
  | { readonly line: number; readonly cells: readonly string[] }
  | { readonly line: number; readonly error: string };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Quoted cells may hold commas, newlines and doubled quotes; CRLF ends a row like LF; blank lines are skipped.
 * A row over `maxBytes` or with text after a closing quote is an error row, and reading goes on at the next
 * row. An unterminated quote swallows the rest of the input, so it ends the reading with one error row.
 */
export async function* csvRows(bytes: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<CsvRow> {
  const cell = new RecordBytes(maxBytes);
  let cells: string[] = [];
  let state: 'start' | 'unquoted' | 'quoted' | 'closed' = 'start'; // closed: just after a quote in a quoted cell
  let wasQuoted = false;
  let line = 1;
  let rowLine = 1;
  let rowBytes = 0; // bytes of the row in earlier chunks
  let error: string | undefined;

  const endCell = () => {
    const text = cell.take();
    if (rowBytes <= maxBytes) cells.push(text);
    wasQuoted = state === 'closed';
    state = 'start';
  };
  const endRow = (): CsvRow | undefined => {
    const last = cells.at(-1);
    if (!wasQuoted && last?.endsWith('\r')) cells[cells.length - 1] = last.slice(0, -1);
    const row: CsvRow | undefined =
      rowBytes > maxBytes
        ? { line: rowLine, error: `record is larger than ${maxBytes} bytes` }
        : error !== undefined
          ? { line: rowLine, error }
          : cells.length === 1 && cells[0] === ''
            ? undefined
            : { line: rowLine, cells };
    cells = [];
    error = undefined;
    rowBytes = 0;
    rowLine = line;
    return row;
  };

  for await (const chunk of bytes) {
    let rowStart = 0; // where the row's bytes in this chunk begin
    let start = 0; // where the current cell's bytes in this chunk begin
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === NEWLINE) line++;
      if (state === 'quoted') {
        if (b === QUOTE) {
          cell.add(chunk, start, i);
          state = 'closed';
        }
        continue;
      }
      if (state === 'closed') {
        if (b === QUOTE) {
          start = i; // a doubled quote: keep one
          state = 'quoted';
          continue;
        }
        if (b === CARRIAGE_RETURN) continue;
        if (b !== COMMA && b !== NEWLINE) {
          error ??= 'unexpected text after a closing quote';
          state = 'unquoted';
          start = i;
          continue;
        }
      }
      if (b === COMMA || b === NEWLINE) {
        if (state === 'unquoted') cell.add(chunk, start, i);
        if (rowBytes + i - rowStart > maxBytes) rowBytes = maxBytes + 1;
        endCell();
        if (b === NEWLINE) {
          const row = endRow();
          if (row) yield row;
          rowStart = i + 1;
        }
      } else if (state === 'start') {
        state = b === QUOTE ? 'quoted' : 'unquoted';
        start = b === QUOTE ? i + 1 : i;
      }
    }
    if (state === 'quoted' || state === 'unquoted') cell.add(chunk, start);
    rowBytes += chunk.length - rowStart;
  }
  if (state === 'quoted') {
    yield { line: rowLine, error: 'unterminated quoted cell: the input ends inside quotes' };
    return;
  }
  if (state !== 'start' || cells.length > 0) {
    endCell();
    const row = endRow();
    if (row) yield row;
  }
}
