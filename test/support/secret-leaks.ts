// Finds secret values in log lines and errors: message, details and the whole cause chain, as a caller could see them.

/** Everything an error exposes: name, message, code, details, stack, then the same for each cause. */
export function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && e !== null && depth < 10; depth++) {
    if (e instanceof Error) {
      const extra = e as Error & { code?: unknown; details?: unknown };
      parts.push(
        e.name,
        e.message,
        typeof extra.code === 'string' ? extra.code : '',
        JSON.stringify(extra.details ?? null),
        e.stack ?? '',
      );
      e = e.cause;
    } else {
      parts.push(typeof e === 'string' ? e : JSON.stringify(e));
      break;
    }
  }
  return parts.join('\n');
}

/** The secrets (shown by their first 4 characters only) found in any text, with where they were found. */
export function findLeaks(
  texts: readonly { where: string; text: string }[],
  secrets: readonly string[],
): string[] {
  const found: string[] = [];
  for (const secret of new Set(secrets)) {
    for (const { where, text } of texts) {
      if (text.includes(secret)) found.push(`${secret.slice(0, 4)}… in ${where}`);
    }
  }
  return found;
}

/** The raw bytes of a SQLite file and its write-ahead log, as text: what a stolen database file shows. */
export async function databaseText(dbPath: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const parts = await Promise.all(
    [dbPath, `${dbPath}-wal`].map((p) => readFile(p).catch(() => Buffer.alloc(0))),
  );
  return parts.map((b) => b.toString('latin1')).join('\n');
}

/** Awaits a rejection, keeps the error in `into` for a later leak check, and returns it; throws when none came. */
export async function caught(promise: Promise<unknown>, into: unknown[]): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (e) {
    into.push(e);
    return e as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}
