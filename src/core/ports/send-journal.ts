// The send journal port: which attempts really went out, kept outside the database.

/** One attempt of one transfer: `attempt` is the transfer's attempt count once claimed for it. */
export interface SentAttempt {
  readonly seq: number;
  readonly attempt: number;
}

/**
 * Lets delivery claim transfers ahead (one commit for many) and still tell, after a crash, a claimed transfer
 * that was never sent (back to the queue) from one that may have been (unconfirmed). It records each attempt
 * before its request goes out: `sent` resolves once the record is on the disk (synced), so it survives a crash of
 * the process and a power loss, like the database's own commits at `synchronous = FULL`.
 * It does not order or deduplicate anything: the transfer's status in the database stays the truth.
 */
export interface SendJournal {
  /**
   * The attempts the previous run recorded and did not settle. Undefined when no journal was kept (a first
   * start, or a data directory of a version without one): every claimed transfer may then have been sent.
   */
  previous(): readonly SentAttempt[] | undefined;
  /** Starts this run's journal, dropping the previous run's: call once the previous attempts are settled. */
  begin(): void;
  /**
   * Records that this attempt is about to go out; its request may go out once this resolves. Rejects when the
   * record could not be written: the attempt must not be sent then.
   */
  sent(seq: number, attempt: number): Promise<void>;
  /** The outcome of these transfers' attempts is committed: their records are no longer needed. */
  settled(seqs: readonly number[]): void;
  close(): void;
}
