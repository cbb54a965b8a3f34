// Rides out a lost connection to PostgreSQL (a server restart, a terminated backend) by trying again, when safe.

/** SQLSTATEs of a connection the server ended or refused: connection exceptions (class 08) and shutdowns. */
const LOST = /^(08...|57P01|57P02|57P03)$/;
/** Socket failures, and pg's own words for a connection that ended under a query. */
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);
const TERMINATED =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/;

/** The server could not be reached, or dropped the connection: nothing of the failed statement was committed. */
export function isConnectionLoss(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  const code = 'code' in e && typeof e.code === 'string' ? e.code : '';
  return LOST.test(code) || SOCKET.has(code) || TERMINATED.test(e.message);
}

/** The connection broke while COMMIT was on its way: the transaction may or may not have committed. */
export class CommitOutcomeUnknown extends Error {
  constructor(cause: unknown) {
    super('the connection to PostgreSQL broke during COMMIT; the transaction may or may not have committed', {
      cause,
    });
    this.name = 'CommitOutcomeUnknown';
  }
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Runs `run` again while it fails for a lost connection, for up to `budgetMs` (backing off from 100 ms to 2 s),
 * then throws the last failure. Only for work that is safe to repeat after such a failure: a read, or a
 * transaction that never reached COMMIT (the server rolls it back when the connection goes).
 */
export async function reconnecting<T>(run: () => Promise<T>, budgetMs: number): Promise<T> {
  const started = Date.now();
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await run();
    } catch (e) {
      if (!isConnectionLoss(e) || Date.now() - started + wait > budgetMs) throw e;
      await sleep(wait);
    }
  }
}
