// A formula gets only the scope names it spells out, unless it can reach globalThis; only writers get a search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormulaEngine } from '../../core/ports/formula.js';
import { createQuickJsFormulaEngine } from './quickjs-formula-engine.js';
import { formulaReach, scopeJson } from './formula-reach.js';

const scopeNames = (source: string) => formulaReach(source).reads;

const message = {
  Id: 'm-1',
  Text: 'disk full',
  Severity: 'Error',
  CustomFields: { Team: 'IT' },
  Detail: null,
};

let engine: FormulaEngine;
beforeAll(async () => {
  engine = await createQuickJsFormulaEngine({ timeoutMs: 1_000 });
});
afterAll(() => engine.close());

describe('scopeNames', () => {
  it('keeps the names a formula spells out, in code, strings or comments', () => {
    const keep = scopeNames("Truncate(Text, 20) + GetValue(CustomFields, 'Team') // Severity");
    expect(Object.keys(message).filter((name) => keep?.(name) ?? true)).toEqual([
      'Text',
      'Severity',
      'CustomFields',
    ]);
    expect(JSON.parse(scopeJson(message, scopeNames('Id')))).toEqual({ Id: 'm-1' });
  });

  it('keeps every name when the formula can reach globalThis or write a name in an escape', () => {
    for (const source of [
      "globalThis['Te' + 'xt']",
      "(function () { return this; })()['Te' + 'xt']",
      "Function('return Te' + 'xt')()",
      "(() => 1).constructor('return Te' + 'xt')()",
      "Reflect.get(Reflect, 'x')",
      'Object.getOwnPropertyDescriptors({})',
      '\\u0054ext',
    ])
      expect(scopeNames(source)).toBeUndefined();
    expect(scopeJson(message, undefined)).toBe(JSON.stringify(message));
  });
});

describe('formulas see the same values with the scope trimmed', () => {
  it('reads spelt-out names, and names reached through globalThis, a function from text or an escape', async () => {
    const cases: [string, unknown][] = [
      ["Text + ' (' + Severity + ')'", 'disk full (Error)'],
      ["GetCustomFieldValue(CustomFields, 'Team')", 'IT'],
      ["globalThis['Te' + 'xt']", 'disk full'],
      ["Function('return Sever' + 'ity')()", 'Error'],
      ['\\u0054ext', 'disk full'],
      ["typeof globalThis['Id']", 'string'],
    ];
    for (const [source, expected] of cases) expect(await engine.evaluate(source, message)).toBe(expected);
  });

  it('still tells a name that is not in the scope from one that is null', async () => {
    expect(await engine.evaluate('IsEmpty(Detail)', message)).toBe(true);
    await expect(engine.evaluate('Nope', message)).rejects.toMatchObject({
      message: expect.stringContaining('Nope'),
    });
  });
});

describe('formulaReach: may a formula add a global', () => {
  it('says no only for formulas without an assignment, an update, a for loop or a way to globalThis', () => {
    for (const source of [
      "Truncate(Text, 200) + ' (' + Severity + ')'",
      "SplitEmails(GetCustomFieldValue(CustomFields, 'Moveworks Message Recipients'))",
      "Severity == 'Error' && Text !== '' ? Text.length >= 3 : Id <= 'z'",
      '[1, 2].map((n) => n * 2)',
    ])
      expect(formulaReach(source).mayAddGlobals, source).toBe(false);
    for (const source of [
      'y = Text',
      'y += 1',
      'y ??= Text',
      'y <<= 1',
      'y >>>= 1',
      'y++',
      '--y',
      '[y] = [Text]',
      'for (y of [Text]) ; return 1',
      'for (y in CustomFields) ; return 1',
      'globalThis.y = 1',
      '(function () { this.y = 1; })()',
      "'a=b'",
    ])
      expect(formulaReach(source).mayAddGlobals, source).toBe(true);
  });

  it('leaves nothing a writer added for the next evaluation, whichever way it added it', async () => {
    const writers = [
      'y = Text; return 1',
      '[y] = [Text]; return 1',
      'for (y of [Text]) ; return 1',
      'for (y in CustomFields) ; return 1',
      '({ y } = { y: Text }); return 1',
    ];
    for (const writer of writers) {
      expect(await engine.evaluate(writer, message)).toBe(1);
      // The probe cannot add a global itself, so its reset does not search: the writer's reset must have.
      expect(formulaReach('typeof y').mayAddGlobals).toBe(false);
      expect(await engine.evaluate('typeof y', message), writer).toBe('undefined');
    }
  });
});
