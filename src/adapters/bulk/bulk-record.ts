// One record read out of a bulk upload, and the helpers the three format readers share to make one.

export type BulkRecord =
  /** A raw record, not yet validated as a Message. */
  | { readonly line: number; readonly value: unknown }
  /** This record could not be read; reading goes on unless the reader says the rest is unreadable. */
  | { readonly line: number; readonly error: string };

export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

export const tooLarge = (line: number, maxBytes: number): BulkRecord => ({
  line,
  error: `record is larger than ${maxBytes} bytes`,
});

/** Parses one JSON text; a syntax error becomes an error record. */
export function jsonRecord(text: string, line: number): BulkRecord {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { line, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
