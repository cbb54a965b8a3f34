import { describe, expect, it } from 'vitest';
import { ChunkFeed } from './chunk-feed.js';

async function readAll<T>(feed: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of feed) out.push(chunk);
  return out;
}

describe('ChunkFeed', () => {
  it('yields the chunks in order and ends after the last one pushed', async () => {
    const feed = new ChunkFeed<string>();
    const read = readAll(feed);
    await Promise.all([feed.push('a'), feed.push('b')]);
    await feed.push('c');
    feed.end();
    expect(await read).toEqual(['a', 'b', 'c']);
  });

  it('resolves a push only once the reader has taken the chunk', async () => {
    const feed = new ChunkFeed<number>();
    let taken = false;
    const pushed = feed.push(1).then(() => (taken = true));
    await new Promise((r) => setImmediate(r));
    expect(taken).toBe(false);
    const reader = feed[Symbol.asyncIterator]();
    expect(await reader.next()).toEqual({ value: 1, done: false });
    await pushed;
    expect(taken).toBe(true);
  });

  it('makes the reader throw on fail, and refuses what waits once the reader stops', async () => {
    const feed = new ChunkFeed<number>();
    const read = readAll(feed);
    feed.fail(new Error('client went away'));
    await expect(read).rejects.toThrow('client went away');
    const waiting = feed.push(2);
    await expect(waiting).rejects.toThrow('the feed has ended');

    const other = new ChunkFeed<number>();
    const queued = other.push(1);
    other.stop(new Error('storage refused the batch'));
    await expect(queued).rejects.toThrow('storage refused the batch');
    await expect(other.push(2)).rejects.toThrow('storage refused the batch');
  });
});
