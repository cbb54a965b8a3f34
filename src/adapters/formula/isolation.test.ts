// One warm context serves every evaluation: nothing one Message's formula does is visible to the next one's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormulaEngine } from '../../core/ports/formula.js';
import { createQuickJsFormulaEngine } from './quickjs-formula-engine.js';

const first = { Id: 'm-1', Text: 'secret of m-1', CustomFields: { Team: 'IT' } };
const second = { Id: 'm-2', Text: 'm-2', CustomFields: {} };

let engine: FormulaEngine;
beforeAll(async () => {
  engine = await createQuickJsFormulaEngine({ timeoutMs: 1_000 });
});
afterAll(() => engine.close());

/** Runs `attack` on the first Message (its outcome does not matter), then `probe` on the second. */
async function after(attack: string, probe: string): Promise<unknown> {
  await engine.evaluate(attack, first).catch((e: unknown) => e);
  return engine.evaluate(probe, second);
}

describe('isolation between evaluations in the warm context', () => {
  it('forgets globals a formula writes, plainly, through globalThis or by defineProperty', async () => {
    expect(await after('globalThis.x = Text; y = Text; return 1', '[typeof x, typeof y]')).toEqual([
      'undefined',
      'undefined',
    ]);
    const pinned = `Object.defineProperty(globalThis, 'kept', { value: Text, configurable: false }); return 1`;
    expect(await after(pinned, 'typeof kept')).toBe('undefined');
    await expect(engine.evaluate(pinned, first)).rejects.toMatchObject({
      message: expect.stringContaining('Object.defineProperty on globalThis is not available in formulas'),
    });
    expect(await after('Text = "x"; CustomFields.Team = "y"; 1', '[Text, CustomFields.Team]')).toEqual([
      'm-2',
      null,
    ]);
  });

  it('cannot change a helper or an intrinsic for the next evaluation', async () => {
    const attacks = [
      'Truncate = () => Text; GetCustomFieldValue.leak = Text; return 1',
      `Object.defineProperty(globalThis, 'Truncate', { value: () => Text }); return 1`,
      `Reflect.defineProperty(globalThis, 'Truncate', { value: () => Text }); return 1`,
      `Object.defineProperties(globalThis, { Truncate: { value: () => Text } }); return 1`,
      `Object.assign(globalThis, { Truncate: () => Text }); return 1`,
      'Object.prototype.leak = Text; Array.prototype.map = () => [Text]; String.prototype.trim = () => Text; 1',
      'JSON.stringify = () => Text; Math.max = () => Text; 1',
      'Object.getPrototypeOf([][Symbol.iterator]()).next = () => ({ value: Text }); 1',
      'Object.getPrototypeOf(function* () {}).prototype.next = () => Text; 1',
    ];
    for (const attack of attacks) {
      const probe = `[Truncate('abcdef', 3), typeof GetCustomFieldValue.leak, typeof ({}).leak, [1].map(String),
        ' a '.trim(), Math.max(1, 2), [...[7]], Array.from((function* () { yield 8 })())]`;
      expect(await after(attack, probe)).toEqual(['abc', 'undefined', 'undefined', ['1'], 'a', 2, [7], [8]]);
    }
  });

  it("cannot swap globalThis's prototype or freeze globalThis against the next scope", async () => {
    expect(await after(`Object.setPrototypeOf(globalThis, { leak: Text }); 1`, 'typeof leak')).toBe(
      'undefined',
    );
    expect(await after('Object.preventExtensions(globalThis); 1', 'Id + " " + Text')).toBe('m-2 m-2');
    expect(await after('Object.freeze(globalThis); 1', 'Id')).toBe('m-2');
  });

  it('keeps no state on a compiled formula that runs again for the next Message', async () => {
    const remember = `const f = arguments.callee; f.seen = (f.seen || '') + Text;
      f.prototype.x = (f.prototype.x || '') + Text; return [f.seen, f.prototype.x, Text]`;
    await engine.evaluate(remember, first);
    expect(await engine.evaluate(remember, second)).toEqual([null, null, 'm-2']);
  });

  it('refuses a formula that closes its wrapper to declare globals beside it', async () => {
    const escape = '0)); let store = []; (() => ((store.push(Text), store.join("|"))';
    await expect(engine.evaluate(escape, first)).rejects.toMatchObject({ code: 'ERR_FORMULA_SYNTAX' });
    await expect(engine.evaluate(escape, second)).rejects.toMatchObject({ code: 'ERR_FORMULA_SYNTAX' });
    expect(await engine.evaluate('typeof store', second)).toBe('undefined');
  });

  it('refuses dynamic code that could declare globals: eval, and Function bodies that escape', async () => {
    await expect(engine.evaluate(`(0, eval)('let q = 1'); 1`, first)).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
      message: expect.stringContaining('eval is not available in formulas'),
    });
    const escapes = [
      `Function('}); let q = [Text]; (function () {')`,
      `(function* () {}).constructor('}); let q = [Text]; (function* () {')`,
      `FirstMatch([{ a: 1 }], '1); }); let q = [Text]; (function () { (1')`,
    ];
    for (const escape of escapes) {
      await expect(engine.evaluate(escape, first)).rejects.toMatchObject({ code: 'ERR_FORMULA_RUNTIME' });
      expect(await engine.evaluate('typeof q', second)).toBe('undefined');
    }
    expect(await engine.evaluate(`Function('a', 'b', 'return a + b')(1, 2)`, second)).toBe(3);
    expect(await engine.evaluate(`FirstMatch([{ a: 1 }, { a: 2 }], 'a > 1')`, second)).toEqual({ a: 2 });
  });

  it('puts the scope below globalThis for a formula that cannot see globalThis, and takes it away after', async () => {
    const proto = 'Object.getPrototypeOf(globalThis) === Object.prototype';
    expect(await after('Text.length', proto)).toBe(true);
    await engine.evaluate('Text + CustomFields.Team', first);
    expect(await engine.evaluate('typeof Text', { Id: 'no text' })).toBe('undefined');
    expect(await after('missing + Text', proto)).toBe(true);
    // Assigned, a scope name becomes globalThis's own for the rest of the evaluation, and is gone after it.
    expect(await engine.evaluate("Text = Text + '!'; return Text", first)).toBe('secret of m-1!');
    expect(await after("Text = Text + '!'; return 1", 'Text')).toBe('m-2');
    expect(await engine.evaluate('let Text = 5; return Text + 1', first)).toBe(6);
    expect(await engine.evaluate("[typeof Text, typeof Id, 'Text' in globalThis]", first)).toEqual([
      'string',
      'string',
      true,
    ]);
  });

  it('leaves nothing from promise jobs that ran after the formula returned', async () => {
    expect(await after('Promise.resolve().then(() => { globalThis.late = Text }); 1', 'typeof late')).toBe(
      'undefined',
    );
    // The job runs after the run's own reset, with the Message's text in a closure: a second search finds it.
    const closure = '((t) => Promise.resolve(t).then((v) => { later = v }))(Text); return 1';
    expect(await after(closure, 'typeof later')).toBe('undefined');
  });
});
