// What a formula can reach, read from its source: the scope names it may read, and whether it may add globals.

/**
 * Words through which a formula can reach the global object, or a function built from text, and so read or write
 * a global it never spells out (`globalThis['Te' + 'xt']`, `Function('return ' + name)()`, a descriptor's `value`
 * found through `Object`), or name one in a Unicode escape (`\u0054ext` is `Text`).
 */
const REACHES_GLOBALS =
  /globalThis|\bthis\b|Function|constructor|Reflect|Object|eval|arguments|__proto__|__lookup|__define|\bwith\b|\\u/;

/**
 * What else can create a global: formulas run in sloppy mode, where assigning a name that is not declared creates
 * one on globalThis. Every such assignment has one of these: `=` alone or in a compound operator (not `==`, `!=`,
 * `<=`, `>=` or `=>`), `++`, `--`, or a `for (name in|of …)`. Strings and comments count too: never too few.
 */
const ASSIGNS = /(?<![=!<>])=(?![=>])|<<=|>>>?=|\+\+|--|\bfor\b/;

export interface FormulaReach {
  /** The scope names the formula may read; undefined for all of them. */
  readonly reads: ((name: string) => boolean) | undefined;
  /** False when the formula cannot add a property to globalThis, so the reset after it need not look for one. */
  readonly mayAddGlobals: boolean;
}

/** What a formula may reach when nothing is known of it: everything. */
export const ANY_REACH: FormulaReach = { reads: undefined, mayAddGlobals: true };

/**
 * What `source` can reach. Setting a name as a global costs the sandbox more than most formulas (a whole Message
 * is about 17 µs of QuickJS's 28 µs for the formula `1`), and a formula can only read a global it names or one it
 * reaches through the words above; a name is kept when it appears anywhere in the source. Listing globalThis's
 * keys to find any it added costs 3.5 µs an evaluation, and only the formulas that can add one need it.
 */
export function formulaReach(source: string): FormulaReach {
  if (REACHES_GLOBALS.test(source)) return ANY_REACH;
  return { reads: (name) => source.includes(name), mayAddGlobals: ASSIGNS.test(source) };
}

/** The scope as JSON with only the names `reads` lets through (all of them without `reads`). */
export function scopeJson(
  scope: Readonly<Record<string, unknown>>,
  reads: ((name: string) => boolean) | undefined,
): string {
  if (reads === undefined) return JSON.stringify(scope);
  const kept: Record<string, unknown> = {};
  for (const name of Object.keys(scope)) if (reads(name)) kept[name] = scope[name];
  return JSON.stringify(kept);
}
