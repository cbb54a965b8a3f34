// Remembers the secret values in use (keys, passwords, tokens) and removes them from any text, such as a log line.

const MIN_LENGTH = 4;
const MASK = '[REDACTED]';

export class SecretScrubber {
  private readonly values = new Set<string>();
  private pattern: RegExp | undefined;

  constructor(private readonly capacity = 10_000) {}

  /** Registers secret values; short ones are ignored because masking them would garble ordinary text. */
  add(...values: readonly (string | undefined)[]): void {
    let changed = false;
    for (const v of values) {
      if (v === undefined || v.length < MIN_LENGTH || this.values.has(v)) continue;
      this.values.add(v);
      changed = true;
      // Encoded forms reach logs too (query strings, Basic headers).
      const encoded = encodeURIComponent(v);
      if (encoded !== v) this.values.add(encoded);
    }
    while (this.values.size > this.capacity) {
      const oldest = this.values.values().next().value;
      if (oldest === undefined) break;
      this.values.delete(oldest);
    }
    if (changed) this.pattern = undefined;
  }

  scrub(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }
}

/** Header names whose values are always masked, whatever they hold. */
export const SENSITIVE_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'client-secret',
  'password',
]);

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, SENSITIVE_HEADERS.has(k.toLowerCase()) ? MASK : v]),
  );
}
