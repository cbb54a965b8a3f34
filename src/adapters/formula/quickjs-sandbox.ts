// One QuickJS WASM instance and runtime: compiles and runs formulas, a fresh context each time, under limits.
import { DefaultIntrinsics, newQuickJSWASMModule, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { FormulaError } from '../../core/errors.js';
import type { FormulaLimits, FormulaLocation } from '../../core/ports/formula.js';
import { FORMULA_FILE, locate, wrappings, type WrappedFormula } from './formula-source.js';
import { PRELUDE } from './prelude.js';
import { formulaFailure, takeThrown, type Thrown } from './thrown-value.js';

/** QuickJS's own stack limit, in bytes: low enough that it trips before the host's stack does. */
const STACK_BYTES = 64 * 1024;
const PAGE_BYTES = 64 * 1024;
/** The WASM instance's own 16 MiB (code, stack, engine); each formula's budget comes on top of it. */
const BASE_PAGES = 256;
/** Formulas need neither typed arrays nor proxies; leaving them out makes each fresh context cheaper. */
const INTRINSICS = { ...DefaultIntrinsics, TypedArrays: false, Proxy: false };
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
 * WASM stack may be unwound, so the engine swaps in a fresh instance and lets this one be collected.
 */
export class QuickJsSandbox {
  broken = false;
  private deadline = 0;
  private interrupted = false;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly memory: WasmMemory,
    /** Within 1 MiB of the memory's maximum. */
    private readonly ceilingBytes: number,
    private readonly timeoutMs: number,
  ) {
    runtime.setInterruptHandler(() => (this.interrupted ||= Date.now() >= this.deadline));
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
    runtime.setMemoryLimit(limits.memoryBytes);
    runtime.setMaxStackSize(STACK_BYTES);
    const sandbox = new QuickJsSandbox(runtime, memory, (maximum - 16) * PAGE_BYTES, limits.timeoutMs);
    const warmUp = sandbox.parse(WARM_UP);
    if ('code' in warmUp) sandbox.run(warmUp, WARM_UP, '{}', WARM_UP_MS);
    return sandbox;
  }

  /** Compiles without running: the first wrapping that parses, or the syntax error of the statement-body form. */
  parse(source: string): Parsed {
    return this.inContext((ctx) => {
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
    });
  }

  /** Runs a parsed formula with the scope (JSON) as globals; throws FormulaError. */
  run(wrapped: WrappedFormula, source: string, scopeJson: string, budgetMs = this.timeoutMs): unknown {
    return this.inContext((ctx) => {
      const handles: QuickJSHandle[] = [];
      const take = (
        result: ReturnType<QuickJSContext['evalCode']>,
        thrownBy: WrappedFormula,
      ): QuickJSHandle => {
        if (result.error) throw this.fail(takeThrown(ctx, result.error), thrownBy, source);
        handles.push(result.value);
        return result.value;
      };
      try {
        const runner = take(ctx.evalCode(PRELUDE, 'prelude.js', { type: 'global', strict: true }), wrapped);
        const formula = take(ctx.evalCode(wrapped.code, FORMULA_FILE, { type: 'global' }), wrapped);
        const json = ctx.newString(scopeJson);
        handles.push(json);
        const reply = ctx.getString(take(ctx.callFunction(runner, ctx.undefined, formula, json), wrapped));
        if (reply === 'u') return undefined;
        if (reply.startsWith('v')) return JSON.parse(reply.slice(1)) as unknown;
        throw this.fail(JSON.parse(reply.slice(1)) as Thrown, wrapped, source);
      } catch (error) {
        if (!(error instanceof FormulaError)) this.broken = true;
        throw error;
      } finally {
        if (!this.broken) for (const handle of handles) handle.dispose();
        if (!this.broken) this.drainJobs();
      }
    }, budgetMs);
  }

  dispose(): void {
    // After a breach QuickJS may still hold objects and would abort on free: leave those to the GC.
    if (!this.broken) this.runtime.dispose();
  }

  private inContext<T>(body: (ctx: QuickJSContext) => T, budgetMs = this.timeoutMs): T {
    this.deadline = Date.now() + budgetMs;
    this.interrupted = false;
    let ctx: QuickJSContext | undefined;
    try {
      ctx = this.runtime.newContext({ intrinsics: INTRINSICS });
      return body(ctx);
    } catch (error) {
      if (error instanceof FormulaError) throw error;
      // A host-level failure (the host's stack overflowed inside WASM, an abort): this instance is done.
      this.broken = true;
      const stack = error instanceof RangeError;
      throw new FormulaError(
        'ERR_FORMULA_RUNTIME',
        stack ? 'formula overflowed the stack' : 'formula engine failed',
        {
          cause: error,
        },
      );
    } finally {
      if (!this.broken) ctx?.dispose();
    }
  }

  /** The WASM memory is (nearly) at its maximum: allocations now fail, which QuickJS may not survive. */
  private atCeiling(): boolean {
    return this.memory.buffer.byteLength >= this.ceilingBytes;
  }

  /** Promise jobs a formula queued run now, under the same deadline, so none is left for the next evaluation. */
  private drainJobs(): void {
    if (!this.runtime.hasPendingJob()) return;
    const result = this.runtime.executePendingJobs();
    if (result.error) result.error.dispose();
    if (this.interrupted || this.runtime.hasPendingJob()) this.broken = true;
  }

  private fail(thrown: Thrown, wrapped: WrappedFormula, source: string): FormulaError {
    const breach = { timedOut: this.interrupted, outOfMemory: this.atCeiling(), timeoutMs: this.timeoutMs };
    const error = formulaFailure(thrown, wrapped, source, breach);
    if (error.code !== 'ERR_FORMULA_RUNTIME') this.broken = true;
    return error;
  }
}
