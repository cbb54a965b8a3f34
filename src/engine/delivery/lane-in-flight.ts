// A lane's attempts in flight: how many per Message (Concurrent Batch Executions) and a way to wait for them all.

export class LaneInFlight {
  private readonly jobs = new Set<Promise<void>>();
  private readonly perMessage = new Map<string, number>();

  get size(): number {
    return this.jobs.size;
  }

  /** Parts of this Message in flight. */
  parts(messageId: string): number {
    return this.perMessage.get(messageId) ?? 0;
  }

  /** Tracks an attempt of a part of `messageId` until it settles; `after` runs once it has. */
  track(messageId: string, attempt: Promise<void>, after: () => void): void {
    this.perMessage.set(messageId, this.parts(messageId) + 1);
    const job = attempt.finally(() => {
      this.jobs.delete(job);
      const left = this.parts(messageId) - 1;
      if (left > 0) this.perMessage.set(messageId, left);
      else this.perMessage.delete(messageId);
      after();
    });
    this.jobs.add(job);
  }

  /** Resolves once every attempt in flight now has settled, or after `graceMs`. */
  async settled(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((done) => (timer = setTimeout(done, graceMs)));
    await Promise.race([Promise.allSettled([...this.jobs]), grace]);
    clearTimeout(timer);
  }
}
