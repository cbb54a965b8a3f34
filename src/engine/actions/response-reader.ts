// Reads an upstream response body up to a size limit: JSON when the content type says so, text otherwise.

export interface ReadBody {
  /** Parsed JSON for a JSON content type that parses, else the text; null when there is no body. */
  readonly body: unknown;
  /** True when the body was longer than the limit and was cut (then it is always text). */
  readonly truncated: boolean;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Reads at most `maxBytes` bytes of `response`'s body and cancels the rest. */
export async function readResponse(response: Response, maxBytes: number): Promise<ReadBody> {
  if (response.body === null) return { body: null, truncated: false };
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    const room = maxBytes - size;
    if (chunk.value.byteLength > room) {
      chunks.push(chunk.value.subarray(0, room));
      size = maxBytes;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(chunk.value);
    size += chunk.value.byteLength;
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  const text = new TextDecoder().decode(bytes);
  if (truncated || !JSON_TYPE.test(response.headers.get('content-type') ?? ''))
    return { body: text, truncated };
  try {
    return { body: JSON.parse(text) as unknown, truncated };
  } catch {
    // An API that labels non-JSON as JSON still gets its answer passed on, as text.
    return { body: text, truncated };
  }
}
