// Reads a JSON document that is one top-level array, one element at a time, without holding the whole array.
import { type BulkRecord, jsonRecord, tooLarge } from './bulk-record.js';
import { RecordBytes } from './byte-source.js';

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const describe = (b: number) => (b < 0x80 ? JSON.stringify(String.fromCharCode(b)) : 'a non-ASCII character');

/**
 * Splits the array at its top-level commas, tracking strings, escapes and nesting depth, and hands each element
 * to JSON.parse. An element that does not parse is an error record and reading goes on, since the splitter
 * still knows where the next one starts. A document that is not an array, an array that never closes or data
 * after it yield one error record for where it broke and end the reading.
 */
export async function* jsonArrayRecords(
  bytes: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<BulkRecord> {
  const element = new RecordBytes(maxBytes);
  let state = 'before' as 'before' | 'array' | 'element' | 'after';
  let line = 1;
  let elementLine = 1;
  let elements = 0; // elements ended so far, empty ones included
  let depth = 0;
  let inString = false;
  let escaped = false;
  for await (const chunk of bytes) {
    let start = 0; // where the current element's bytes in this chunk begin
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (state === 'element') {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
        } else if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACKET || b === OPEN_BRACE) depth++;
        else if (depth > 0 && (b === CLOSE_BRACKET || b === CLOSE_BRACE)) depth--;
        else if (depth === 0 && (b === COMMA || b === CLOSE_BRACKET)) {
          element.add(chunk, start, i);
          yield endElement(element, elementLine);
          elements++;
          state = b === COMMA ? 'array' : 'after';
        }
      } else if (b === NEWLINE) {
        line++;
        continue;
      } else if (isSpace(b)) continue;
      else if (state === 'before') {
        if (b !== OPEN_BRACKET) {
          yield { line, error: `expected a JSON array ("[") but found ${describe(b)}` };
          return;
        }
        state = 'array';
      } else if (state === 'array') {
        if (b === CLOSE_BRACKET || b === COMMA) {
          if (b === COMMA || elements > 0) yield { line, error: 'invalid JSON: missing array element' };
          elements++;
          if (b === CLOSE_BRACKET) state = 'after';
          continue;
        }
        state = 'element';
        elementLine = line;
        start = i;
        i--; // let the element branch see its first byte
        continue;
      } else {
        yield { line, error: `unexpected ${describe(b)} after the end of the JSON array` };
        return;
      }
      if (b === NEWLINE) line++;
    }
    if (state === 'element') element.add(chunk, start);
  }
  if (state === 'before') yield { line, error: 'expected a JSON array but the document is empty' };
  else if (state !== 'after') {
    yield {
      line: state === 'element' ? elementLine : line,
      error: 'unexpected end of input: the JSON array is not closed',
    };
  }
}

function endElement(element: RecordBytes, line: number): BulkRecord {
  if (!element.oversize) return jsonRecord(element.take(), line);
  element.reset();
  return tooLarge(line, element.maxBytes);
}
