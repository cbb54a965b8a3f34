// Expression and statement-body formulas, syntax errors at save time, run-time errors with their location.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormulaError } from '../../core/errors.js';
import type { FormulaEngine } from '../../core/ports/formula.js';
import {
  DEFAULT_FORMULA_MEMORY_BYTES,
  DEFAULT_FORMULA_TIMEOUT_MS,
  createQuickJsFormulaEngine,
} from './quickjs-formula-engine.js';

const scope = { Id: 'm-1', Text: 'Hello', Severity: 'Info', CustomFields: { Team: 'IT' }, Value: 3 };

let engine: FormulaEngine;
beforeAll(async () => {
  engine = await createQuickJsFormulaEngine({ timeoutMs: 1_000 });
});
afterAll(() => engine.close());

describe('QuickJS formula engine', () => {
  it('defaults to 50 ms and 16 MiB per evaluation and refuses unusable limits', async () => {
    expect([DEFAULT_FORMULA_TIMEOUT_MS, DEFAULT_FORMULA_MEMORY_BYTES]).toEqual([50, 16 * 1024 * 1024]);
    await expect(createQuickJsFormulaEngine({ timeoutMs: 0 })).rejects.toThrow(RangeError);
  });

  it('evaluates an expression against the scope as globals', async () => {
    expect(await engine.evaluate('Text + " " + Id + " x" + Value', scope)).toBe('Hello m-1 x3');
    expect(await engine.evaluate('{ a: Severity, b: [1, null] }', scope)).toEqual({
      a: 'Info',
      b: [1, null],
    });
    expect(await engine.evaluate('Text.length > 3;', scope)).toBe(true);
  });

  it('evaluates a statement body that uses return, and answers undefined without one', async () => {
    expect(
      await engine.evaluate(
        'const t = CustomFields.Team;\nif (t === "IT") return "it-" + Id;\nreturn null;',
        scope,
      ),
    ).toBe('it-m-1');
    expect(await engine.evaluate('let x = 1;', scope)).toBeUndefined();
    expect(await engine.evaluate('undefined', scope)).toBeUndefined();
  });

  it('keeps nothing from one evaluation to the next', async () => {
    await engine.evaluate('globalThis.leak = 1; Object.prototype.polluted = 1; Text = "changed"; 0', scope);
    expect(await engine.evaluate('[typeof leak, typeof ({}).polluted, Text]', scope)).toEqual([
      'undefined',
      'undefined',
      'Hello',
    ]);
  });

  it('reports a syntax error with its line and column at save time, single- and multi-line', async () => {
    expect(await engine.check('Text + " ok"')).toBeUndefined();
    expect(await engine.check('return Text;')).toBeUndefined();
    expect(await engine.check('Text +')).toEqual({
      message: expect.stringContaining('SyntaxError'),
      location: { line: 1, column: 7 },
    });
    expect(await engine.check('Text + )')).toMatchObject({ location: { line: 1, column: 8 } });
    expect(await engine.check('let a = 1;\nif (a) {\n  return a +;\n}')).toMatchObject({
      location: { line: 3, column: 13 },
    });
    expect(await engine.check('let a = 1;\nreturn (a')).toMatchObject({ location: { line: 2, column: 10 } });
  });

  it('rejects a formula that does not parse with ERR_FORMULA_SYNTAX and its location', async () => {
    const error = await engine.evaluate('let a = 1;\n  a +* 2', scope).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FormulaError);
    expect(error).toMatchObject({ code: 'ERR_FORMULA_SYNTAX', location: { line: 2, column: 6 } });
    expect((error as FormulaError).details).toEqual({ location: { line: 2, column: 6 } });
  });

  it('rejects a run-time error with ERR_FORMULA_RUNTIME, the location and the message', async () => {
    await expect(engine.evaluate('CustomFields.Missing.length', scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
      location: { line: 1, column: 21 },
      message: expect.stringContaining("TypeError: cannot read property 'length' of undefined"),
    });
    await expect(
      engine.evaluate('const a = 1;\n  throw new Error("no team " + a);', scope),
    ).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
      location: { line: 2, column: 18 },
      message: expect.stringContaining('Error: no team 1'),
    });
  });

  it('refuses results that are not values', async () => {
    for (const source of ['() => 1', 'Symbol("s")', 'Promise.resolve(1)', '10n']) {
      await expect(engine.evaluate(source, scope)).rejects.toMatchObject({ code: 'ERR_FORMULA_RUNTIME' });
    }
    await expect(engine.evaluate('() => 1', scope)).rejects.toThrow('formula must return a value');
  });

  it('refuses to evaluate once closed', async () => {
    const closing = await createQuickJsFormulaEngine();
    closing.close();
    await expect(closing.evaluate('1', {})).rejects.toMatchObject({ code: 'ERR_FORMULA_RUNTIME' });
  });
});
