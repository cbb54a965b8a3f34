// The formula port: sandboxed JavaScript formulas evaluated against a Message, with iPaaS.com's helpers.

/** Per-evaluation limits; a formula that breaches one fails with ERR_FORMULA_TIMEOUT or ERR_FORMULA_MEMORY. */
export interface FormulaLimits {
  /** Wall-clock budget of one evaluation, in milliseconds. */
  readonly timeoutMs: number;
  /** Heap budget of one evaluation, in bytes. */
  readonly memoryBytes: number;
}

/** 1-based line and column in the formula's own source (wrappers an engine adds are not counted). */
export interface FormulaLocation {
  readonly line: number;
  readonly column: number;
}

/** A formula's scope: JSON-compatible values only (the Message fields, plus anything the caller adds such as `Value`). */
export type FormulaScope = Readonly<Record<string, unknown>>;

/** The helpers every formula can call, as iPaaS.com users know them (plus `SplitEmails`), for docs and help text. */
export const FORMULA_HELPERS = [
  'GetCustomFieldValue',
  'IsEmpty',
  'Truncate',
  'Coalesce',
  'CoalesceToInt',
  'CoalesceToDecimal',
  'CoalesceToDateTime',
  'FirstMatch',
  'FieldFromFirstMatch',
  'GetValue',
  'ConvertToInt',
  'ConvertToLong',
  'ConvertToDecimal',
  'ConvertToDouble',
  'SplitEmails',
] as const;

export type FormulaHelper = (typeof FORMULA_HELPERS)[number];

/**
 * Evaluates formulas in isolation: no process, file system, network, timers or host globals, and nothing carried
 * from one evaluation to the next. Promises nothing about asynchronous code: a formula is synchronous.
 * Evaluations run one at a time on the caller's thread, each bounded by the engine's limits.
 */
export interface FormulaEngine {
  /**
   * Undefined when `source` parses (as an expression, or as a statement body using `return`); else where and why
   * not. Asynchronous so that an engine may load on first use (see lazy-formulas.ts).
   */
  check(source: string): Promise<{ message: string; location: FormulaLocation } | undefined>;
  /**
   * Evaluates with `scope` as globals; resolves a JSON-compatible value (undefined allowed). Rejects with
   * FormulaError (ERR_FORMULA_SYNTAX / _RUNTIME / _TIMEOUT / _MEMORY) carrying the location when known.
   */
  evaluate(source: string, scope: FormulaScope): Promise<unknown>;
  /** Frees the runtime. */
  close(): void;
}
