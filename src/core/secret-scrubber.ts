// Remembers the secret values in use (keys, passwords, tokens) and removes them from any text, such as a log line.

const MIN_LENGTH = 4;
const MASK = '[REDACTED]';

export class SecretScrubber {
  /** Configured secrets (client secrets, API keys, passwords): kept as long as the process runs. */
  private readonly kept = new Set<string>();
  /** Values that expire on their own (access tokens, one-time codes): the oldest drop beyond `capacity`. */
  private readonly recent = new Set<string>();
  private pattern: RegExp | undefined;

  constructor(private readonly capacity = 10_000) {}

  /** Registers configured secret values; short ones are ignored because masking them would garble ordinary text. */
  add(...values: readonly (string | undefined)[]): void {
    this.register(this.kept, values);
  }

  /**
   * Registers values that are only valid for a while (tokens, authorization codes, PKCE verifiers). Only these
   * are forgotten when there are many, so a flood of per-user tokens cannot push a configured secret out.
   */
  addShortLived(...values: readonly (string | undefined)[]): void {
    this.register(this.recent, values);
    while (this.recent.size > this.capacity) {
      const oldest = this.recent.values().next().value;
      if (oldest === undefined) break;
      this.recent.delete(oldest);
    }
  }

  private register(into: Set<string>, values: readonly (string | undefined)[]): void {
    for (const v of values) {
      if (v === undefined || v.length < MIN_LENGTH || into.has(v)) continue;
      into.add(v);
      // Encoded forms reach logs too (query strings, Basic headers).
      const encoded = encodeURIComponent(v);
      if (encoded !== v) into.add(encoded);
      this.pattern = undefined;
    }
  }

  scrub(text: string): string {
    if (this.kept.size === 0 && this.recent.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.kept, ...this.recent]
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
