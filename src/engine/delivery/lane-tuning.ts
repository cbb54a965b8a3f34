// A lane's tuning: how much it reads, claims ahead and records at a time, with the measurements behind them.

/** Due transfers read at a time. */
export const BATCH = 256;
/**
 * Transfers that wait at the gate at once. More would let a shared gate grant a batch of slots a round trip (one
 * worker's lane asks Redis once a send, about 2,500 a second on this machine), but a transfer bound at the gate
 * goes before Manual Sync's debug Messages. One is what the lane always did.
 */
export const AT_GATE = 1;
/** The longest a lane sleeps with nothing due: new work wakes it sooner. */
export const MAX_IDLE_MS = 60_000;
/** How long a lane waits to read the queue again after the database failed to answer. */
export const QUEUE_RETRY_MS = 1_000;
/**
 * At most this many transfers claimed ahead of a free slot, so one commit claims many (a whole `due` read). The
 * send journal tells them apart from sent ones after a crash (back to the queue, not unconfirmed).
 */
export const AHEAD = BATCH;
/**
 * An attempt's end waits at most this long for a commit, or until this many wait (see CommitBatcher): a busy lane
 * records about 20 ms of answers at a time. Per transfer, SQLite time (claim, end, activity line, commits) was
 * 21.5 µs at 32 answers and 64 claims a commit, 16.7 µs at 256 and 256; ten paired bench rounds against 5 ms/32
 * and 64 ahead gave +8% end to end (median). A crash leaves at most this many answered attempts unrecorded.
 */
export const RECORDING = { delayMs: 20, maxResults: 256 };
/**
 * Claimed transfers a lane writes send-journal lines for ahead of their slot, so a send does not wait for the
 * journal's sync (see JournalAhead): at most this many, four times its Concurrent Connections, and the gate's
 * headroom. A crash settles them as unconfirmed. Without lines ahead delivery ran about a third slower at 10
 * connections. One line per connection ahead, topped up a line or two at a time, still left slots waiting for a
 * sync; two per connection delivered 5% more (delivery alone, 4 alternating pairs of runs on 7550b11: 10,230
 * against 10,740 msg/s), and four, topped up half at a time, 7% more again (12,000 against 12,900 on 423d651).
 */
export const JOURNAL_AHEAD = 64;

/**
 * The share of those lines that must be missing before a lane writes the missing ones in one group (one write, one
 * fdatasync); what is left keeps the slots sending while the group syncs. Each fdatasync costs far more than its
 * share of a core suggests: with the lines written and not synced, delivery alone ran 15% faster and took 24 µs
 * less CPU a Message (3 alternating runs on b1d1f04). Three quarters instead of half syncs 30 lines at a time
 * instead of 20 at 10 connections: delivery alone +3.6% (median of 13 alternating pairs, from -1% to +11%);
 * seven eighths was no better, with less left to cover a slow sync.
 */
export const JOURNAL_TOP_UP = 3 / 4;

/** How many send-journal lines a lane keeps ahead (see JOURNAL_AHEAD), given its settings and gate. */
export const journalAhead = (concurrentConnections: number, gateHeadroom: number): number =>
  Math.min(JOURNAL_AHEAD, 4 * concurrentConnections, gateHeadroom);
