// The FormulaEngine adapter on QuickJS (WASM): one warm sandbox per engine, replaced by a spare after a breach.
import { FormulaError } from '../../core/errors.js';
import type {
  FormulaEngine,
  FormulaLimits,
  FormulaLocation,
  FormulaScope,
} from '../../core/ports/formula.js';
import { QuickJsSandbox, type Parsed } from './quickjs-sandbox.js';
import { formulaReach, scopeJson, type FormulaReach } from './formula-reach.js';

/** Default CPU budget of one evaluation: 50 ms of the evaluating thread's CPU time (not wall-clock time). */
export const DEFAULT_FORMULA_TIMEOUT_MS = 50;
/** Default heap budget of one evaluation: 16 MiB. */
export const DEFAULT_FORMULA_MEMORY_BYTES = 16 * 1024 * 1024;

const PARSE_CACHE_ENTRIES = 1_000;

/** Creates a QuickJS formula engine; limits default to 50 ms and 16 MiB per evaluation. */
export async function createQuickJsFormulaEngine(
  limits: Partial<FormulaLimits> = {},
): Promise<FormulaEngine> {
  const resolved: FormulaLimits = {
    timeoutMs: limits.timeoutMs ?? DEFAULT_FORMULA_TIMEOUT_MS,
    memoryBytes: limits.memoryBytes ?? DEFAULT_FORMULA_MEMORY_BYTES,
  };
  if (!(resolved.timeoutMs > 0) || !(resolved.memoryBytes >= 1024 * 1024)) {
    throw new RangeError('formula limits need timeoutMs > 0 and memoryBytes >= 1 MiB');
  }
  const [active, spare] = await Promise.all([QuickJsSandbox.load(resolved), QuickJsSandbox.load(resolved)]);
  return new QuickJsFormulaEngine(resolved, active, spare);
}

class QuickJsFormulaEngine implements FormulaEngine {
  /** Parse results by source: each distinct formula is compiled-only once to pick its form. */
  private readonly parsed = new Map<string, Parsed>();
  /** What each formula can reach (see formulaReach), read once per source like its parse. */
  private readonly reaches = new Map<string, FormulaReach>();
  private loading: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly limits: FormulaLimits,
    private active: QuickJsSandbox | undefined,
    /** The warm spare that replaces a broken sandbox without waiting. */
    private ready: QuickJsSandbox | undefined,
  ) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- the port's check may load an engine first
  async check(source: string): Promise<{ message: string; location: FormulaLocation } | undefined> {
    const sandbox = this.current();
    if (sandbox === undefined)
      return { message: 'formula engine is restarting; try again', location: AT_START };
    try {
      const parsed = this.parse(sandbox, source);
      return 'code' in parsed ? undefined : { message: parsed.message, location: parsed.location };
    } catch (error) {
      // A formula that breaks the parser's own limits (nesting, size, time) does not parse either.
      if (!(error instanceof FormulaError)) throw error;
      return { message: error.message, location: error.location ?? AT_START };
    } finally {
      this.replaceIfBroken(sandbox);
    }
  }

  async evaluate(source: string, scope: FormulaScope): Promise<unknown> {
    if (this.closed) throw new FormulaError('ERR_FORMULA_RUNTIME', 'formula engine is closed');
    if (this.current() === undefined) await this.loading;
    const sandbox = this.current();
    // Not the formula's fault: the engine is still rebuilding its sandbox, so the caller retries later.
    if (sandbox === undefined)
      throw new FormulaError('ERR_FORMULA_UNAVAILABLE', 'formula engine is restarting; try again');
    try {
      const parsed = this.parse(sandbox, source);
      if (!('code' in parsed)) {
        const { message, location } = parsed;
        throw new FormulaError('ERR_FORMULA_SYNTAX', `formula does not parse: ${message}`, { location });
      }
      const reach = this.reach(source);
      return sandbox.run(parsed, source, scopeJson(scope, reach.reads), reach);
    } finally {
      this.replaceIfBroken(sandbox);
    }
  }

  close(): void {
    this.closed = true;
    this.active?.dispose();
    this.ready?.dispose();
    this.active = this.ready = undefined;
  }

  private reach(source: string): FormulaReach {
    return remembered(this.reaches, source, () => formulaReach(source));
  }

  private parse(sandbox: QuickJsSandbox, source: string): Parsed {
    return remembered(this.parsed, source, () => sandbox.parse(source));
  }

  /** The active sandbox, promoting the warm spare (and loading the next) when the last one broke. */
  private current(): QuickJsSandbox | undefined {
    if (this.active === undefined && this.ready !== undefined)
      [this.active, this.ready] = [this.ready, undefined];
    if (this.ready === undefined && !this.closed) {
      this.loading ??= QuickJsSandbox.load(this.limits).then(
        (next) => {
          this.loading = undefined;
          if (this.closed) next.dispose();
          else this.ready = next;
        },
        () => void (this.loading = undefined),
      );
    }
    return this.active;
  }

  /** A broken sandbox is dropped, not disposed (QuickJS may abort freeing it); the GC reclaims its memory. */
  private replaceIfBroken(sandbox: QuickJsSandbox): void {
    if (!sandbox.broken || this.active !== sandbox) return;
    this.active = undefined;
    this.current();
  }
}

const AT_START: FormulaLocation = { line: 1, column: 1 };

/** What `cache` holds for `source`, made and kept on first use; past PARSE_CACHE_ENTRIES sources it starts over. */
function remembered<T>(cache: Map<string, T>, source: string, make: () => T): T {
  let known = cache.get(source);
  if (known === undefined) {
    known = make();
    if (cache.size >= PARSE_CACHE_ENTRIES) cache.clear();
    cache.set(source, known);
  }
  return known;
}
