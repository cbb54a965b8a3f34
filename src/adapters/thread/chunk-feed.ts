// An async iterable fed from outside, chunk by chunk: how a stream crosses to another thread with backpressure.

interface Waiting<T> {
  readonly chunk: T;
  readonly taken: () => void;
  readonly refused: (err: Error) => void;
}

/**
 * The reader iterates the chunks in the order they were pushed. Each `push` resolves once the reader has taken
 * that chunk, so a writer that awaits it keeps at most one chunk waiting. `end` finishes the iteration after the
 * chunks already pushed; `fail` makes the reader throw at once; `stop` (the reader gave up) refuses every chunk
 * waiting and every later push.
 */
export class ChunkFeed<T> implements AsyncIterable<T> {
  private readonly queue: Waiting<T>[] = [];
  private ended = false;
  private failure: Error | undefined;
  private stopped: Error | undefined;
  private wake: (() => void) | undefined;

  push(chunk: T): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.ended || this.failure) return Promise.reject(new Error('the feed has ended'));
    return new Promise<void>((taken, refused) => {
      this.queue.push({ chunk, taken, refused });
      this.signal();
    });
  }

  end(): void {
    this.ended = true;
    this.signal();
  }

  fail(err: Error): void {
    this.failure ??= err;
    this.signal();
  }

  stop(err: Error): void {
    this.stopped ??= err;
    for (const waiting of this.queue.splice(0)) waiting.refused(err);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      if (this.failure) throw this.failure;
      const next = this.queue.shift();
      if (next !== undefined) {
        next.taken();
        yield next.chunk;
      } else if (this.ended) return;
      else await new Promise<void>((wake) => (this.wake = wake));
    }
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
