// Reads what a formula threw out of QuickJS and turns it into the FormulaError of the right code.
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { FormulaError } from '../../core/errors.js';
import { WALL_BUDGETS } from './cpu-budget.js';
import { describeLocation, locate, type WrappedFormula } from './formula-source.js';

const MESSAGE_CHARS = 500;

export interface Thrown {
  readonly name: string;
  readonly message: string;
  readonly stack: string;
}

/** Name, message and stack of a thrown value, freeing its handle; QuickJS throws `null` when out of memory. */
export function takeThrown(ctx: QuickJSContext, handle: QuickJSHandle): Thrown {
  try {
    if (ctx.typeof(handle) !== 'object' || ctx.sameValue(handle, ctx.null)) {
      const message = ctx.typeof(handle) === 'object' ? 'out of memory' : 'formula threw';
      return { name: '', message, stack: '' };
    }
    const field = (key: string): string => {
      const value = ctx.getProp(handle, key);
      try {
        return ctx.typeof(value) === 'string' ? ctx.getString(value) : '';
      } finally {
        value.dispose();
      }
    };
    return { name: field('name'), message: field('message'), stack: field('stack') };
  } finally {
    handle.dispose();
  }
}

/** What the sandbox knew when the formula failed. */
export interface Breach {
  /** The CPU budget ran out (`timeout`), or the host could not give the formula the CPU in time. */
  readonly overrun: 'timeout' | 'unavailable' | undefined;
  readonly outOfMemory: boolean;
  readonly timeoutMs: number;
}

/** ERR_FORMULA_TIMEOUT, _UNAVAILABLE, _MEMORY or _RUNTIME, located in the formula's source when a frame names it. */
export function formulaFailure(thrown: Thrown, wrapped: WrappedFormula, source: string, breach: Breach) {
  const location = locate(thrown.stack, wrapped, source);
  const at = describeLocation(location);
  if (breach.overrun === 'timeout') {
    const text = `formula used more than ${breach.timeoutMs} ms of CPU${at}`;
    return new FormulaError('ERR_FORMULA_TIMEOUT', text, { location });
  }
  if (breach.overrun === 'unavailable') {
    const text = `the host was too busy to run the formula within ${breach.timeoutMs * WALL_BUDGETS} ms; try again`;
    return new FormulaError('ERR_FORMULA_UNAVAILABLE', text);
  }
  if (breach.outOfMemory || thrown.message === 'out of memory') {
    return new FormulaError('ERR_FORMULA_MEMORY', `formula ran out of memory${at}`, { location });
  }
  const text = `${thrown.name}: ${thrown.message}`.slice(0, MESSAGE_CHARS);
  return new FormulaError('ERR_FORMULA_RUNTIME', `formula failed${at}: ${text}`, { location });
}
