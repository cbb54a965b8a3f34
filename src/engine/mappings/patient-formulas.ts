// Retries a formula the host could not run in time (ERR_FORMULA_UNAVAILABLE): a busy machine is not its fault.
import { isFerryError } from '../../core/errors.js';
import type { FormulaEngine } from '../../core/ports/formula.js';

/** Waits before each retry, ms: about 2.5 s in all, long enough for a burst of load or a sandbox rebuild. */
export const FORMULA_RETRY_DELAYS_MS: readonly number[] = [20, 80, 300, 800, 1_300];

/** The wait before retry `attempt` (1-based), or undefined when there is none left. */
export function formulaRetryDelayMs(attempt: number): number | undefined {
  return FORMULA_RETRY_DELAYS_MS[attempt - 1];
}

/** True for the one formula failure that is the host's, not the formula's: run it again later. */
export function isTransientFormulaError(err: unknown): boolean {
  return isFerryError(err) && err.code === 'ERR_FORMULA_UNAVAILABLE';
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The engine with `evaluate` retried on ERR_FORMULA_UNAVAILABLE; after the last retry that error is thrown on,
 * so ingest answers 503 and stores nothing (the sender retries) rather than failing the Message for good.
 */
export function patientFormulas(
  engine: FormulaEngine,
  wait: (ms: number) => Promise<void> = pause,
): FormulaEngine {
  return {
    check: (source) => engine.check(source),
    close: () => engine.close(),
    async evaluate(source, scope) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await engine.evaluate(source, scope);
        } catch (err) {
          const delay = isTransientFormulaError(err) ? formulaRetryDelayMs(attempt) : undefined;
          if (delay === undefined) throw err;
          await wait(delay);
        }
      }
    },
  };
}
