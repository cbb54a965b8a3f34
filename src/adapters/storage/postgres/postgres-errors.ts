// PostgreSQL's constraint failures, told apart by their SQLSTATE.

/** unique_violation: a PRIMARY KEY or UNIQUE constraint refused the write, the id or name is taken. */
export const isUniqueViolation = (e: unknown): boolean =>
  e instanceof Error && 'code' in e && e.code === '23505';

/**
 * Runs a write and resolves whether it changed exactly one row; false when a key it writes is taken. Any other
 * failure (a missing parent row, a NOT NULL) is a bug or a race and is thrown, not reported as "taken".
 */
export async function unlessTaken(run: () => Promise<number | null>): Promise<boolean> {
  try {
    return (await run()) === 1;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
