// The benchmark's Messages: one shape for every section, as NDJSON for the bulk endpoint or one at a time.
import { Readable } from 'node:stream';

export const RECIPIENT = 'a@b.co';

/** A Message as Ferry ingests it; `Text` is unique so the simulator's record can be matched back. */
export function benchMessage(prefix: string, i: number): Record<string, unknown> {
  return {
    Id: `${prefix}-${i}`,
    Text: `${prefix} message ${i}`,
    CustomFields: { 'Moveworks Message Recipients': RECIPIENT },
  };
}

/** The body Ferry's default mapping makes of `benchMessage`, for the direct (ceiling) loop. */
export function moveworksBody(prefix: string, i: number): string {
  return JSON.stringify({ message: `${prefix} message ${i}`, recipients: [RECIPIENT] });
}

/** `count` Messages as an NDJSON stream, generated in chunks so 200,000 of them never sit in memory at once. */
export function ndjsonStream(prefix: string, count: number, chunk = 1_000): Readable {
  let next = 0;
  return new Readable({
    read() {
      if (next >= count) return void this.push(null);
      const end = Math.min(count, next + chunk);
      const lines: string[] = [];
      for (; next < end; next++) lines.push(JSON.stringify(benchMessage(prefix, next)));
      this.push(`${lines.join('\n')}\n`);
    },
  });
}
