// A QuickJS context with the prelude evaluated once, and the formulas compiled in it, reused across evaluations.
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten';
import { DefaultIntrinsics } from 'quickjs-emscripten';
import type { WrappedFormula } from './formula-source.js';
import type { FormulaReach } from './formula-reach.js';
import { PRELUDE } from './prelude.js';

/** Formulas need neither typed arrays nor proxies; leaving them out keeps the context small. */
const INTRINSICS = { ...DefaultIntrinsics, TypedArrays: false, Proxy: false };
/** Compiled formulas kept per context; beyond it the oldest is freed (a collection has a handful). */
const COMPILED_ENTRIES = 256;

type Evaluated = ReturnType<QuickJSContext['evalCode']>;

/** The prelude's `[run, reset, adopt]`, bound to the one context they live in. */
export class WarmContext {
  private readonly compiled = new Map<string, QuickJSHandle>();

  private constructor(
    readonly ctx: QuickJSContext,
    private readonly runner: QuickJSHandle,
    private readonly resetter: QuickJSHandle,
    private readonly adopter: QuickJSHandle,
  ) {}

  /** Evaluates the prelude in a new context of `runtime`; throws what the prelude threw (never expected). */
  static create(runtime: QuickJSRuntime): WarmContext {
    const ctx = runtime.newContext({ intrinsics: INTRINSICS });
    const result = ctx.evalCode(PRELUDE, 'prelude.js', { type: 'global', strict: true });
    if (result.error) {
      const reason = ctx.dump(result.error) as unknown;
      result.error.dispose();
      ctx.dispose();
      throw new Error(`formula prelude failed: ${JSON.stringify(reason)}`);
    }
    const [run, reset, adopt] = [0, 1, 2].map((i) => ctx.getProp(result.value, i)) as [
      QuickJSHandle,
      QuickJSHandle,
      QuickJSHandle,
    ];
    result.value.dispose();
    return new WarmContext(ctx, run, reset, adopt);
  }

  /**
   * The formula's function, compiled on first use. Its script runs at global level once, so it must be exactly
   * that function: `escaped` when the source closed the wrapper and ran code beside it (the context is spoilt).
   */
  formula(wrapped: WrappedFormula, fail: (error: QuickJSHandle) => never): QuickJSHandle | 'escaped' {
    const known = this.compiled.get(wrapped.code);
    if (known !== undefined) return known;
    const fn = this.take(this.ctx.evalCode(wrapped.code, 'formula.js', { type: 'global' }), fail);
    const expected = this.ctx.newString(wrapped.code.slice(1, -1));
    const adopted = this.take(this.ctx.callFunction(this.adopter, this.ctx.undefined, fn, expected), fail);
    expected.dispose();
    const ok = this.ctx.dump(adopted) === true;
    adopted.dispose();
    if (!ok) {
      fn.dispose();
      return 'escaped';
    }
    if (this.compiled.size >= COMPILED_ENTRIES) {
      const [oldest, handle] = this.compiled.entries().next().value as [string, QuickJSHandle];
      this.compiled.delete(oldest);
      handle.dispose();
    }
    this.compiled.set(wrapped.code, fn);
    return fn;
  }

  /**
   * Calls `run(formula, scopeJson, search, own)` (see prelude.ts), which resets globalThis itself (one call, not
   * two: each crossing into QuickJS costs about a microsecond): `c` or `t` (see reset), then `u`, `v<json>` or
   * `e<json>`. `reach` says whether to search globalThis for added names, and whether the scope goes on it.
   */
  run(
    formula: QuickJSHandle,
    scopeJson: string,
    reach: FormulaReach,
    fail: (error: QuickJSHandle) => never,
  ): string {
    const { ctx } = this;
    const json = ctx.newString(scopeJson);
    try {
      const search = reach.mayAddGlobals ? ctx.true : ctx.false;
      const own = reach.reads === undefined ? ctx.true : ctx.false;
      const reply = this.take(ctx.callFunction(this.runner, ctx.undefined, formula, json, search, own), fail);
      try {
        return ctx.getString(reply);
      } finally {
        reply.dispose();
      }
    } finally {
      json.dispose();
    }
  }

  /**
   * Puts globalThis back, searching it for any name added (after a run that did not reset it itself, or after
   * jobs that ran past that reset); false when it cannot be, and the context must not serve another evaluation.
   */
  reset(): boolean {
    const { ctx } = this;
    const result = ctx.callFunction(this.resetter, ctx.undefined, ctx.true);
    if (result.error) {
      result.error.dispose();
      return false;
    }
    // Compared in QuickJS: `dump` (which serialises any value) took 1.5 µs of a 6 µs evaluation.
    const clean = ctx.eq(result.value, ctx.true);
    result.value.dispose();
    return clean;
  }

  dispose(): void {
    for (const handle of this.compiled.values()) handle.dispose();
    this.compiled.clear();
    for (const handle of [this.runner, this.resetter, this.adopter]) handle.dispose();
    this.ctx.dispose();
  }

  private take(result: Evaluated, fail: (error: QuickJSHandle) => never): QuickJSHandle {
    if (result.error) fail(result.error);
    return result.value;
  }
}
