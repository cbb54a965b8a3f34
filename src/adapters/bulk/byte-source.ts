// Turns a bulk upload (byte or string chunks) into byte chunks without a leading BOM, and collects record bytes.

const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Yields `source` as UTF-8 bytes with a leading byte order mark removed. String chunks are encoded here; a
 * string ending in half a surrogate pair keeps that half for the next chunk, so no character is split.
 */
export async function* bytesOf(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let head: number[] | undefined = []; // the first bytes, held until we know whether they are a BOM
  let highSurrogate = '';
  for await (const chunk of source) {
    let bytes: Uint8Array;
    if (typeof chunk === 'string') {
      let text = highSurrogate + chunk;
      highSurrogate = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        highSurrogate = text.slice(-1);
        text = text.slice(0, -1);
      }
      bytes = encoder.encode(text);
    } else bytes = chunk;
    if (head === undefined) {
      if (bytes.length > 0) yield bytes;
      continue;
    }
    let i = 0;
    while (head.length < BOM.length && i < bytes.length) head.push(bytes[i++]!);
    if (head.length < BOM.length) continue;
    const isBom = head.every((b, k) => b === BOM[k]);
    if (!isBom) yield Uint8Array.from(head);
    head = undefined;
    if (i < bytes.length) yield bytes.subarray(i);
  }
  const rest = [...(head ?? []), ...encoder.encode(highSurrogate)];
  if (rest.length > 0) yield Uint8Array.from(rest);
}

/**
 * The bytes of one record, gathered across chunks up to `maxBytes`. Past that it only counts, so an oversize
 * record costs no memory; `oversize` then tells the caller to report it instead of reading it.
 */
export class RecordBytes {
  private parts: Uint8Array[] = [];
  private size = 0;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(readonly maxBytes: number) {}

  get oversize(): boolean {
    return this.size > this.maxBytes;
  }

  get length(): number {
    return this.size;
  }

  add(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (end <= start) return;
    this.size += end - start;
    if (this.oversize) this.parts = [];
    else this.parts.push(bytes.slice(start, end)); // a copy: sources may reuse their buffers
  }

  /** The gathered text (invalid UTF-8 becomes U+FFFD), emptying the buffer. */
  take(): string {
    const parts = this.parts;
    this.reset();
    if (parts.length === 1) return this.decoder.decode(parts[0]);
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return this.decoder.decode(all);
  }

  reset(): void {
    this.parts = [];
    this.size = 0;
  }
}
