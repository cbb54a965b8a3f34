// Prints command results: aligned tables for people, JSON with --json for scripts.
import type { CliIo } from './io.js';

export function printTable(io: CliIo, rows: readonly object[], columns: readonly string[]): void {
  if (rows.length === 0) {
    io.out('(none)\n');
    return;
  }
  const cells = rows.map((r) => columns.map((c) => format((r as Record<string, unknown>)[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd() + '\n';
  io.out(line(columns.map((c) => c.toUpperCase())));
  for (const row of cells) io.out(line(row));
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2) + '\n');
}

const format = (v: unknown): string =>
  v === undefined || v === null ? '-' : typeof v === 'string' ? v : JSON.stringify(v);
