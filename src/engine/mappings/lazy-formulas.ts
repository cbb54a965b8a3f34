// A formula engine loaded on first use: most deployments map with the default mapping and never run a formula.
import { FormulaError } from '../../core/errors.js';
import type { FormulaEngine } from '../../core/ports/formula.js';

/**
 * The engine `load` makes, made on the first check or evaluation rather than at start: a QuickJS engine costs
 * each thread that holds one about 22 MB (its WebAssembly compiled and instantiated twice, active and spare).
 * A load that fails is ERR_FORMULA_UNAVAILABLE (retried by patientFormulas, then a 503), and the next use tries
 * again. `close` closes the engine once it has loaded, and one still loading as soon as it has.
 */
export function lazyFormulas(load: () => Promise<FormulaEngine>): FormulaEngine {
  let loading: Promise<FormulaEngine> | undefined;
  let closed = false;
  const engine = (): Promise<FormulaEngine> =>
    (loading ??= load().then(
      (loaded) => {
        if (closed) loaded.close();
        return loaded;
      },
      (err: unknown) => {
        loading = undefined;
        throw new FormulaError(
          'ERR_FORMULA_UNAVAILABLE',
          `the formula engine did not load: ${err instanceof Error ? err.message : String(err)}`,
        );
      },
    ));
  return {
    check: async (source) => (await engine()).check(source),
    evaluate: async (source, scope) => (await engine()).evaluate(source, scope),
    close() {
      closed = true;
      void loading?.then(
        (loaded) => loaded.close(),
        () => undefined,
      );
    },
  };
}
