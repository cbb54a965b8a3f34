// Reads CSV with a header row into Message-shaped records: known columns become fields, the rest custom fields.
import { type BulkRecord } from './bulk-record.js';
import { csvRows } from './csv-rows.js';

const FIELDS = ['Id', 'Type', 'Severity', 'Text', 'Detail', 'CreatedTime'] as const;
const FIELD_BY_LOWER = new Map<string, string>(FIELDS.map((f) => [f.toLowerCase(), f]));

/** Where a column's cells go: a Message field, or a custom field named by the header as written. */
type Column = { readonly field: string } | { readonly custom: string };

/**
 * The first row is the header; its `Id, Type, Severity, Text, Detail, CreatedTime` match case-insensitively.
 * Empty cells are left out. A row with another number of cells than the header is an error record; a missing,
 * unreadable or ambiguous header is one error record that ends the reading.
 */
export async function* csvRecords(
  bytes: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<BulkRecord> {
  let columns: readonly Column[] | undefined;
  for await (const row of csvRows(bytes, maxBytes)) {
    if ('error' in row) {
      yield columns ? row : { line: row.line, error: `header row: ${row.error}` };
      if (!columns) return;
    } else if (!columns) {
      const header = readHeader(row.cells);
      if (typeof header === 'string') {
        yield { line: row.line, error: `header row: ${header}` };
        return;
      }
      columns = header;
    } else if (row.cells.length !== columns.length) {
      yield {
        line: row.line,
        error: `expected ${columns.length} cells as in the header, found ${row.cells.length}`,
      };
    } else yield { line: row.line, value: toRecord(columns, row.cells) };
  }
}

function readHeader(cells: readonly string[]): Column[] | string {
  const seen = new Set<string>();
  const columns: Column[] = [];
  for (const [i, name] of cells.entries()) {
    if (name.trim() === '') return `column ${i + 1} has no name`;
    const field = FIELD_BY_LOWER.get(name.trim().toLowerCase());
    const key = field ?? `custom:${name}`;
    if (seen.has(key)) return `column "${name}" appears twice`;
    seen.add(key);
    columns.push(field ? { field } : { custom: name });
  }
  return columns;
}

// Null-prototype objects: header names come from outside and may be "__proto__".
function toRecord(columns: readonly Column[], cells: readonly string[]): Record<string, unknown> {
  const record = Object.create(null) as Record<string, unknown>;
  let custom: Record<string, string> | undefined;
  for (const [i, column] of columns.entries()) {
    const cell = cells[i];
    if (cell === undefined || cell === '') continue;
    if ('field' in column) record[column.field] = cell;
    else (custom ??= Object.create(null) as Record<string, string>)[column.custom] = cell;
  }
  if (custom) record.CustomFields = custom;
  return record;
}
