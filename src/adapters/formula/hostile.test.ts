// Hostile formulas fail with their own codes, never reach the host, and leave the engine working.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FormulaEngine } from '../../core/ports/formula.js';
import { createQuickJsFormulaEngine } from './quickjs-formula-engine.js';

const scope = { Id: 'm-1', Text: 'Hello', CustomFields: {} };

let engine: FormulaEngine;
beforeAll(async () => {
  // A budget above the default so a busy CI machine does not time out the ordinary formulas.
  engine = await createQuickJsFormulaEngine({ timeoutMs: 200 });
});
afterAll(() => engine.close());
// After every hostile case, an ordinary formula still works on the same engine.
afterEach(async () => {
  expect(await engine.evaluate('Text + "!"', scope)).toBe('Hello!');
});

describe('hostile formulas', () => {
  it('stops while(true){} with ERR_FORMULA_TIMEOUT', async () => {
    const started = Date.now();
    await expect(engine.evaluate('while(true){}', scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_TIMEOUT',
      location: { line: 1, column: 1 },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('stops a catastrophic regular expression with ERR_FORMULA_TIMEOUT', async () => {
    await expect(engine.evaluate(`/(a*)*b/.test('a'.repeat(40))`, scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_TIMEOUT',
    });
  });

  it('stops a memory bomb with ERR_FORMULA_MEMORY', async () => {
    await expect(engine.evaluate(`let a=[];while(true)a.push('x'.repeat(1e6))`, scope)).rejects.toMatchObject(
      {
        code: 'ERR_FORMULA_MEMORY',
        location: { line: 1, column: 38 },
      },
    );
  });

  it('turns runaway recursion into a run-time error', async () => {
    await expect(engine.evaluate('function f(){ return f() } return f()', scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
      message: expect.stringContaining('stack overflow'),
    });
    await expect(engine.evaluate('JSON.parse("[".repeat(100000))', scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
    });
  });

  it('cannot reach the host process through the Function constructor', async () => {
    await expect(
      engine.evaluate(`this.constructor.constructor('return process')()`, scope),
    ).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
      message: expect.stringContaining("'process' is not defined"),
    });
    expect(await engine.evaluate(`this.constructor.constructor('return typeof require')()`, scope)).toBe(
      'undefined',
    );
  });

  it('cannot pollute the host or the next evaluation through __proto__', async () => {
    const polluting = [
      `({}).__proto__.polluted = 'yes'; return 1`,
      `Object.prototype.polluted = 'yes'; Array.prototype.push = null; return 1`,
      `JSON.parse('{"__proto__": {"polluted": "yes"}}')`,
    ];
    for (const source of polluting) await engine.evaluate(source, scope);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const result = await engine.evaluate('[typeof ({}).polluted, typeof [].push]', { __proto__: { x: 1 } });
    expect(result).toEqual(['undefined', 'function']);
    expect(Object.getPrototypeOf(result)).toBe(Array.prototype);
    const hostile = (await engine.evaluate(
      `JSON.parse('{"__proto__": {"polluted": "yes"}}')`,
      scope,
    )) as object;
    expect(Object.getPrototypeOf(hostile)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cannot import modules, statically or dynamically', async () => {
    await expect(engine.evaluate(`import('fs')`, scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
    });
    await expect(engine.evaluate(`import fs from 'fs'; return fs`, scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_SYNTAX',
    });
    expect(await engine.check(`require('fs')`)).toBeUndefined();
    await expect(engine.evaluate(`require('fs')`, scope)).rejects.toMatchObject({
      code: 'ERR_FORMULA_RUNTIME',
    });
  });

  it('sees only sandbox globals through globalThis', async () => {
    const names = (await engine.evaluate('Object.getOwnPropertyNames(globalThis)', scope)) as string[];
    for (const host of [
      'process',
      'require',
      'module',
      'fetch',
      'setTimeout',
      'setInterval',
      'Buffer',
      'WebAssembly',
    ]) {
      expect(names).not.toContain(host);
    }
    expect(names).toEqual(expect.arrayContaining(['Text', 'GetCustomFieldValue', 'JSON']));
  });

  it('drops promise jobs a formula leaves behind', async () => {
    expect(
      await engine.evaluate('Promise.resolve().then(() => { globalThis.late = 1; }); return 5', scope),
    ).toBe(5);
    await expect(
      engine.evaluate('Promise.resolve().then(() => { while (true) {} }); return 6', scope),
    ).resolves.toBe(6);
  });

  it('cannot break the runner by replacing built-ins', async () => {
    const source = 'JSON.stringify = () => "x"; JSON.parse = null; Object.keys = null; return { ok: true }';
    expect(await engine.evaluate(source, scope)).toEqual({ ok: true });
  });
});
