// One QuickJS WASM instance and runtime with a warm context: compiles and runs formulas under a CPU budget.
import { newQuickJSWASMModule, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { FormulaError } from '../../core/errors.js';
import type { FormulaLimits, FormulaLocation } from '../../core/ports/formula.js';
import { CpuBudget } from './cpu-budget.js';
import { ANY_REACH, type FormulaReach } from './formula-reach.js';
import { FORMULA_FILE, locate, wrappings, type WrappedFormula } from './formula-source.js';
import { formulaFailure, takeThrown, type Thrown } from './thrown-value.js';
import { WarmContext } from './warm-context.js';

/** QuickJS's own stack limit, in bytes: low enough that it trips before the host's stack does. */
const STACK_BYTES = 64 * 1024;
const PAGE_BYTES = 64 * 1024;
/** The WASM instance's own 16 MiB (code, stack, engine); each formula's budget comes on top of it. */
const BASE_PAGES = 256;
/** Exercises every helper group once at load, so WASM compilation does not eat the first formula's budget. */
const WARM_UP = `[GetCustomFieldValue({ a: 1 }, 'A'), Truncate('abc', 1), ConvertToLong('1'), CoalesceToDateTime('2024-01-01'),
  FieldFromFirstMatch([{ a: 1 }], 'a == 1', 'a'), SplitEmails('a@x b@x')]`;
const WARM_UP_MS = 10_000;

export type Parsed = WrappedFormula | { readonly message: string; readonly location: FormulaLocation };

/** The part of WebAssembly.Memory used here (this project's TypeScript lib has no WebAssembly types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
const { Memory } = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => WasmMemory } })
  .WebAssembly;

/**
 * Not reusable after a limit breach or a host-level failure (`broken`): QuickJS may hold leaked objects or the
 * WASM stack may be unwound, so the engine swaps in a fresh instance and lets this one be collected. A context
 * a formula spoilt (see prelude.ts) is only replaced by a new context in the same runtime.
 */
export class QuickJsSandbox {
  broken = false;
  private readonly budget: CpuBudget;
  private warm: WarmContext;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly memory: WasmMemory,
    /** Within 1 MiB of the memory's maximum. */
    private readonly ceilingBytes: number,
    private readonly timeoutMs: number,
  ) {
    this.budget = new CpuBudget(timeoutMs);
    runtime.setInterruptHandler(() => this.budget.exceeded());
    this.warm = this.newContext();
  }

  /**
   * QuickJS's own limit only bounds single allocations in this WASM build (its accounting of the running total
   * needs malloc_usable_size, which Emscripten lacks: quickjs-emscripten#255, #271), so the instance also gets a
   * WebAssembly.Memory that cannot grow past its base plus the formula budget.
   */
  static async load(limits: FormulaLimits): Promise<QuickJsSandbox> {
    const maximum = BASE_PAGES + Math.ceil(limits.memoryBytes / PAGE_BYTES);
    const memory = new Memory({ initial: BASE_PAGES, maximum });
    const module = await newQuickJSWASMModule(newVariant(RELEASE_SYNC, { wasmMemory: memory as never }));
    const runtime = module.newRuntime();
    runtime.setMaxStackSize(STACK_BYTES);
    const sandbox = new QuickJsSandbox(runtime, memory, (maximum - 16) * PAGE_BYTES, limits.timeoutMs);
    // Set after the prelude: the limit is the formula's, not the helpers'.
    runtime.setMemoryLimit(limits.memoryBytes);
    const warmUp = sandbox.parse(WARM_UP);
    if ('code' in warmUp) sandbox.run(warmUp, WARM_UP, '{}', ANY_REACH, WARM_UP_MS);
    return sandbox;
  }

  /** Compiles without running: the first wrapping that parses, or the syntax error of the statement-body form. */
  parse(source: string): Parsed {
    return this.guarded((ctx) => {
      let failure: Thrown = { name: 'SyntaxError', message: 'formula is empty', stack: '' };
      let last: WrappedFormula | undefined;
      for (const wrapped of wrappings(source)) {
        const result = ctx.evalCode(wrapped.code, FORMULA_FILE, { type: 'global', compileOnly: true });
        if (!result.error) {
          result.value.dispose();
          return wrapped;
        }
        [failure, last] = [takeThrown(ctx, result.error), wrapped];
        if (failure.name !== 'SyntaxError') throw this.fail(failure, wrapped, source);
      }
      const location = last && locate(failure.stack, last, source);
      return { message: `${failure.name}: ${failure.message}`, location: location ?? { line: 1, column: 1 } };
    }, this.timeoutMs);
  }

  /**
   * Runs a parsed formula with the scope (JSON) as globals, in the warm context; throws FormulaError.
   * `reach` (see formulaReach): where the scope goes, and whether the reset searches globalThis for added names.
   */
  run(
    wrapped: WrappedFormula,
    source: string,
    scopeJson: string,
    reach: FormulaReach,
    budgetMs = this.timeoutMs,
  ): unknown {
    const warm = this.warm;
    const fail = (error: QuickJSHandle): never => {
      throw this.fail(takeThrown(warm.ctx, error), wrapped, source);
    };
    /** Whether the run put globalThis back itself (see WarmContext.run); undefined when it did not get there. */
    let reset: boolean | undefined;
    try {
      return this.guarded(() => {
        const formula = warm.formula(wrapped, fail);
        if (formula === 'escaped') {
          throw new FormulaError(
            'ERR_FORMULA_SYNTAX',
            'formula must be one expression or one function body',
            {
              location: { line: 1, column: 1 },
            },
          );
        }
        const reply = warm.run(formula, scopeJson, reach, fail);
        // `c` or `t` (see WarmContext.run), then the answer's kind and its JSON.
        reset = reply[0] === 'c';
        const kind = reply[1];
        if (kind === 'u') return undefined;
        if (kind === 'v') return JSON.parse(reply.slice(2)) as unknown;
        throw this.fail(JSON.parse(reply.slice(2)) as Thrown, wrapped, source);
      }, budgetMs);
    } finally {
      if (!this.broken) this.settle(warm, reset);
    }
  }

  dispose(): void {
    // After a breach QuickJS may still hold objects and would abort on free: leave those to the GC.
    if (this.broken) return;
    this.warm.dispose();
    this.runtime.dispose();
  }

  private guarded<T>(body: (ctx: QuickJSContext) => T, budgetMs: number): T {
    this.budget.start(budgetMs);
    try {
      return body(this.warm.ctx);
    } catch (error) {
      if (error instanceof FormulaError) throw error;
      // A host-level failure (the host's stack overflowed inside WASM, an abort): this instance is done.
      this.broken = true;
      const stack = error instanceof RangeError;
      throw new FormulaError(
        'ERR_FORMULA_RUNTIME',
        stack ? 'formula overflowed the stack' : 'formula engine failed',
        { cause: error },
      );
    }
  }

  /**
   * Runs the jobs a formula queued (same budget), then replaces a spoilt context. `reset`: what the run's own reset
   * found (undefined when the run did not get to it); after jobs, which ran past it, globalThis is searched again.
   */
  private settle(warm: WarmContext, reset: boolean | undefined): void {
    let clean = reset;
    if (this.runtime.hasPendingJob()) {
      const result = this.runtime.executePendingJobs();
      if (result.error) result.error.dispose();
      if (this.budget.overrun !== undefined || this.runtime.hasPendingJob()) {
        this.broken = true;
        return;
      }
      clean = undefined;
    }
    if (clean ?? warm.reset()) return;
    warm.dispose();
    this.warm = this.newContext();
  }

  /** The prelude runs under the warm-up budget: it is the host's work, not a formula's. */
  private newContext(): WarmContext {
    this.budget.start(WARM_UP_MS);
    return WarmContext.create(this.runtime);
  }

  /** The WASM memory is (nearly) at its maximum: allocations now fail, which QuickJS may not survive. */
  private atCeiling(): boolean {
    return this.memory.buffer.byteLength >= this.ceilingBytes;
  }

  private fail(thrown: Thrown, wrapped: WrappedFormula, source: string): FormulaError {
    const { overrun } = this.budget;
    const breach = { overrun, outOfMemory: this.atCeiling(), timeoutMs: this.timeoutMs };
    const error = formulaFailure(thrown, wrapped, source, breach);
    if (error.code !== 'ERR_FORMULA_RUNTIME') this.broken = true;
    return error;
  }
}
