// The formula engine loads on its first use, once; a failed load is transient and tried again; close closes it.
import { describe, expect, it } from 'vitest';
import type { FormulaEngine } from '../../core/ports/formula.js';
import { lazyFormulas } from './lazy-formulas.js';

function fakeEngine() {
  const engine = {
    closed: false,
    check: () => Promise.resolve(undefined),
    evaluate: (source: string) => Promise.resolve(`ran ${source}`),
    close: () => void (engine.closed = true),
  };
  return engine;
}

describe('lazyFormulas', () => {
  it('loads nothing until the first check or evaluation, then loads once for both', async () => {
    const engine = fakeEngine();
    let loads = 0;
    const lazy = lazyFormulas(() => {
      loads++;
      return Promise.resolve(engine as FormulaEngine);
    });
    expect(loads).toBe(0);
    const [checked, value] = await Promise.all([lazy.check('1'), lazy.evaluate('Text', {})]);
    expect(checked).toBeUndefined();
    expect(value).toBe('ran Text');
    expect(loads).toBe(1);
    lazy.close();
    await Promise.resolve();
    expect(engine.closed).toBe(true);
  });

  it('reports a failed load as ERR_FORMULA_UNAVAILABLE and tries again on the next use', async () => {
    let loads = 0;
    const lazy = lazyFormulas(() =>
      ++loads === 1 ? Promise.reject(new Error('no wasm')) : Promise.resolve(fakeEngine()),
    );
    await expect(lazy.evaluate('Text', {})).rejects.toMatchObject({
      code: 'ERR_FORMULA_UNAVAILABLE',
      message: expect.stringContaining('no wasm') as unknown,
    });
    await expect(lazy.evaluate('Text', {})).resolves.toBe('ran Text');
    expect(loads).toBe(2);
  });

  it('closes an engine that finishes loading after close', async () => {
    const engine = fakeEngine();
    let finish: (e: FormulaEngine) => void = () => undefined;
    const lazy = lazyFormulas(() => new Promise<FormulaEngine>((done) => (finish = done)));
    const using = lazy.evaluate('Text', {});
    lazy.close();
    finish(engine);
    await using;
    expect(engine.closed).toBe(true);
  });
});
