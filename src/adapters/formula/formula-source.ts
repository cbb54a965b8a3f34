// Wraps a formula as a function (expression or statement body) and maps QuickJS positions back to its source.
import type { FormulaLocation } from '../../core/ports/formula.js';

/** File name QuickJS reports for formula code; frames from the helpers carry other names. */
export const FORMULA_FILE = 'formula.js';

/** One way to compile a formula: the code QuickJS sees, and how far line 1 is shifted by the wrapper. */
export interface WrappedFormula {
  readonly code: string;
  readonly prefixLength: number;
}

// An arrow keeps QuickJS's call positions on the call itself (a `return` statement would claim them).
const EXPRESSION_PREFIX = '(() => (';
const BODY_PREFIX = '(function(){';

/** Candidates in order: the expression (also without one trailing `;`), then the statement body using `return`. */
export function wrappings(source: string): readonly WrappedFormula[] {
  const expression = (s: string): WrappedFormula => ({
    code: `${EXPRESSION_PREFIX}${s}\n))`,
    prefixLength: EXPRESSION_PREFIX.length,
  });
  const trimmed = source.trimEnd();
  const withoutSemicolon = trimmed.endsWith(';') ? [expression(trimmed.slice(0, -1))] : [];
  return [
    expression(source),
    ...withoutSemicolon,
    { code: `${BODY_PREFIX}${source}\n})`, prefixLength: BODY_PREFIX.length },
  ];
}

/** The first `formula.js:line:column` frame of a QuickJS stack, mapped to the user's source; clamped to its end. */
export function locate(stack: string, wrapped: WrappedFormula, source: string): FormulaLocation | undefined {
  const match = /formula\.js:(\d+):(\d+)/.exec(stack);
  if (match === null) return undefined;
  const line = Number(match[1]);
  const column = Number(match[2]);
  const lines = source.split('\n');
  const last = lines.length;
  if (line > last) return { line: last, column: (lines[last - 1] ?? '').length + 1 };
  const length = (lines[line - 1] ?? '').length;
  const shifted = line === 1 ? column - wrapped.prefixLength : column;
  return { line, column: Math.min(Math.max(shifted, 1), length + 1) };
}

/** `line 2, column 7` for messages. */
export const describeLocation = (location: FormulaLocation | undefined): string =>
  location === undefined ? '' : ` at line ${location.line}, column ${location.column}`;
