// The iPaaS.com helpers inside the sandbox, one block per helper, against a Message-shaped scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMULA_HELPERS, type FormulaEngine } from '../../core/ports/formula.js';
import { HELPER_GROUPS } from './helper-sources.js';
import { createQuickJsFormulaEngine } from './quickjs-formula-engine.js';

const message = {
  Id: 'm-1',
  Text: 'Printer on fire',
  CustomFields: { 'Moveworks Event Id': 'ev-1', Region: ' ' },
  ExternalIds: [
    { System: 'Jira', Id: 'J-1' },
    { System: 'ServiceNow', Id: 'INC-7', Meta: { Url: 'https://sn/INC-7' } },
  ],
};

let engine: FormulaEngine;
beforeAll(async () => {
  engine = await createQuickJsFormulaEngine({ timeoutMs: 1_000 });
});
afterAll(() => engine.close());
const run = (source: string, scope: Record<string, unknown> = message) => engine.evaluate(source, scope);

describe('formula helpers', () => {
  it('lists every helper the sandbox defines', () => {
    expect(['IsEmpty', ...HELPER_GROUPS.flatMap((g) => g.names)].sort()).toEqual([...FORMULA_HELPERS].sort());
  });

  it('GetCustomFieldValue reads objects and iPaaS lists, falls back to any case, answers null when absent', async () => {
    expect(await run('GetCustomFieldValue(CustomFields, "Moveworks Event Id")')).toBe('ev-1');
    expect(await run('GetCustomFieldValue(CustomFields, "moveworks EVENT id")')).toBe('ev-1');
    expect(await run('GetCustomFieldValue(CustomFields, "Nope")')).toBeNull();
    expect(await run('GetCustomFieldValue(CustomFields, "__proto__")')).toBeNull();
    const list = {
      CustomFields: [
        { Name: 'A', Value: '1' },
        { Name: 'b', Value: '2' },
      ],
    };
    expect(
      await run('[GetCustomFieldValue(CustomFields, "a"), GetCustomFieldValue(CustomFields, "B")]', list),
    ).toEqual(['1', '2']);
    expect(await run('GetCustomFieldValue(null, "A")')).toBeNull();
  });

  it('IsEmpty is true for null, undefined, blank strings and empty lists only', async () => {
    expect(await run('[IsEmpty(null), IsEmpty(undefined), IsEmpty(""), IsEmpty("  "), IsEmpty([])]')).toEqual(
      [true, true, true, true, true],
    );
    expect(await run('[IsEmpty("x"), IsEmpty(0), IsEmpty(false), IsEmpty([1]), IsEmpty({})]')).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('Truncate cuts to n characters without splitting surrogate pairs', async () => {
    expect(
      await run('[Truncate(Text, 7), Truncate(Text, 100), Truncate(null, 3), Truncate(12345, 2)]'),
    ).toEqual(['Printer', 'Printer on fire', null, '12']);
    expect(await run('Truncate("😀😀😀", 2)')).toBe('😀😀');
    expect(await run('Truncate("ab😀cd", 3)')).toBe('ab😀');
    expect(await run('Truncate("x".repeat(300), 200).length')).toBe(200);
    await expect(run('Truncate("abc", -1)')).rejects.toMatchObject({ code: 'ERR_FORMULA_RUNTIME' });
  });

  it('Coalesce answers the first non-empty argument, else null', async () => {
    expect(await run('Coalesce(null, "", GetCustomFieldValue(CustomFields, "Region"), "EU", "US")')).toBe(
      'EU',
    );
    expect(await run('Coalesce(null, "  ")')).toBeNull();
    expect(await run('Coalesce(0, 1)')).toBe(0);
  });

  it('CoalesceToInt, CoalesceToDecimal and CoalesceToDateTime answer the first argument that converts', async () => {
    expect(await run('CoalesceToInt("x", null, "42", 7)')).toBe(42);
    expect(await run('CoalesceToDecimal("", "n/a", "3.25")')).toBe(3.25);
    expect(await run('CoalesceToDateTime("", "not a date", "2024-03-01T10:00:00+02:00")')).toBe(
      '2024-03-01T08:00:00.000Z',
    );
    expect(await run('[CoalesceToInt("x"), CoalesceToDecimal(), CoalesceToDateTime(null)]')).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('FirstMatch evaluates a string condition against each item, or accepts a function', async () => {
    expect(await run(`FirstMatch(ExternalIds, "System == 'ServiceNow'")`)).toMatchObject({ Id: 'INC-7' });
    expect(await run('FirstMatch(ExternalIds, (x) => x.System === "Jira").Id')).toBe('J-1');
    expect(await run(`FirstMatch(ExternalIds, "System == 'SAP'")`)).toBeNull();
    expect(await run(`FirstMatch(null, "true")`)).toBeNull();
    await expect(run(`FirstMatch(ExternalIds, "System ==")`)).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
    });
  });

  it('FieldFromFirstMatch reads a field (dotted paths too) of the first match, else null', async () => {
    expect(await run(`FieldFromFirstMatch(ExternalIds, "System == 'ServiceNow'", "Id")`)).toBe('INC-7');
    expect(await run(`FieldFromFirstMatch(ExternalIds, "System == 'ServiceNow'", "Meta.Url")`)).toBe(
      'https://sn/INC-7',
    );
    expect(await run(`FieldFromFirstMatch(ExternalIds, "System == 'SAP'", "Id")`)).toBeNull();
  });

  it('GetValue follows dotted paths through objects and lists, null when absent', async () => {
    expect(await run('GetValue(ExternalIds, "1.Meta.Url")')).toBe('https://sn/INC-7');
    expect(
      await run(
        '[GetValue(null, "a"), GetValue(CustomFields, "x.y"), GetValue(CustomFields, "constructor")]',
      ),
    ).toEqual([null, null, null]);
  });

  it('ConvertToInt rounds half to even like C#, null when unconvertible or out of range', async () => {
    expect(
      await run(
        '[ConvertToInt("42"), ConvertToInt(" -7 "), ConvertToInt(2.5), ConvertToInt("3.5"), ConvertToInt(true)]',
      ),
    ).toEqual([42, -7, 2, 4, 1]);
    expect(
      await run(
        '[ConvertToInt("x"), ConvertToInt(""), ConvertToInt(null), ConvertToInt("0x10"), ConvertToInt("3000000000")]',
      ),
    ).toEqual([null, null, null, null, null]);
  });

  it('ConvertToLong answers a number in the safe range and a string beyond it', async () => {
    expect(
      await run(
        '[ConvertToLong("9007199254740991"), ConvertToLong("9223372036854775807"), ConvertToLong("-9223372036854775808")]',
      ),
    ).toEqual([9007199254740991, '9223372036854775807', '-9223372036854775808']);
    expect(
      await run('[ConvertToLong("9223372036854775808"), ConvertToLong("abc"), ConvertToLong(1e300)]'),
    ).toEqual([null, null, null]);
  });

  it('ConvertToDecimal and ConvertToDouble parse decimal notation, null otherwise', async () => {
    expect(
      await run(
        '[ConvertToDecimal("12.50"), ConvertToDouble("1e3"), ConvertToDouble(".5"), ConvertToDecimal(false)]',
      ),
    ).toEqual([12.5, 1000, 0.5, 0]);
    expect(
      await run(
        '[ConvertToDecimal("12,5"), ConvertToDouble("Infinity"), ConvertToDouble("1e999"), ConvertToDouble({})]',
      ),
    ).toEqual([null, null, null, null]);
  });

  it('SplitEmails splits on commas, semicolons and whitespace, trims and drops duplicates ignoring case', async () => {
    expect(await run('SplitEmails(" a@x.com; b@x.com,A@X.com\\n c@x.com ,, ")')).toEqual([
      'a@x.com',
      'b@x.com',
      'c@x.com',
    ]);
    expect(await run('[SplitEmails(null), SplitEmails(""), SplitEmails(["a@x", "b@x a@x"])]')).toEqual([
      [],
      [],
      ['a@x', 'b@x'],
    ]);
    // Every blank JavaScript's \s knows (no-break and em spaces, tabs), and a list called for twice in a row.
    expect(await run('SplitEmails("a@x\\u00a0b@x\\u2003c@x\\td@x;;e@x")')).toEqual([
      'a@x',
      'b@x',
      'c@x',
      'd@x',
      'e@x',
    ]);
    expect(await run('[SplitEmails("a@x, b@x"), SplitEmails("c@x d@x")]')).toEqual([
      ['a@x', 'b@x'],
      ['c@x', 'd@x'],
    ]);
  });
});
