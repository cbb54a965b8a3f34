// SQLite's constraint failures, told apart by their extended result codes.

/** A PRIMARY KEY or UNIQUE constraint refused the write: the id or name is taken. */
export const isUniqueViolation = (e: unknown): boolean =>
  e instanceof Error &&
  'code' in e &&
  (e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === 'SQLITE_CONSTRAINT_UNIQUE');

/**
 * Runs a write and resolves whether it changed exactly one row; false when a key it writes is taken. Any other
 * failure (a missing parent row, a NOT NULL) is a bug or a race and is thrown, not reported as "taken".
 */
export function unlessTaken(run: () => number): boolean {
  try {
    return run() === 1;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
