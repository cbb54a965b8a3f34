// Mappings in Chromium against Ferry and the simulator: a collection's rows edited and saved, a formula tested
// on a sample Message (the value `ferry formula eval` gives, or the formula's error), and the edit delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCsrfRejected, startConsoleRig, type ConsoleRig } from '../support/console-rig.js';

interface Collection {
  id: string;
  name: string;
  rows: { type: string; destination: string; field?: string; formula?: string; value?: unknown }[];
}

let cr: ConsoleRig;
let sub: string;
let collection: Collection;
beforeAll(async () => {
  cr = await startConsoleRig();
  sub = await cr.rig.subscribe({ name: 'Moveworks - Mapped' });
  const res = await cr.rig.ferry.api('GET', `/subscriptions/${sub}/mapping-collections`);
  collection = ((await res.json()) as { items: Collection[] }).items[0]!;
});
afterAll(async () => {
  await cr?.close();
});

const FORMULA = "Truncate(Text, 10) + ' [' + GetCustomFieldValue(CustomFields, 'Ticket') + ']'";
const stored = async () =>
  (await (
    await cr.rig.ferry.api('GET', `/subscriptions/${sub}/mapping-collections/${collection.id}`)
  ).json()) as Collection;

describe('/console/mappings', () => {
  it('lists the subscription’s collections and opens one with its rows', async () => {
    await cr.open('/mappings');
    await cr.page.locator(`[data-subscription="${sub}"] a`, { hasText: collection.name }).click();
    await cr.page.waitForURL(cr.url(`/mappings/${sub}/${collection.id}`));
    expect(await cr.page.locator('#rows tbody tr').count()).toBe(collection.rows.length);
  });

  it('edits a row into a formula, tests it on the sample Message and saves', async () => {
    // The row writing Message from Text becomes a formula.
    const index = collection.rows.findIndex((r) => r.destination === 'Message' && r.field === 'Text');
    const row = cr.page.locator(`#rows tr[data-row="${index}"]`);
    await row.locator('[aria-label=type]').selectOption('formula');
    await row.locator('[aria-label=source]').fill(FORMULA);
    await row.getByRole('button', { name: 'Test' }).click();
    const result = cr.page.locator('#formula-result');
    await expect.poll(() => result.innerText()).toContain('Result');
    // The same value the API's evaluation (and so `ferry formula eval`) gives for the same sample.
    const sample = JSON.parse(await cr.page.locator('#sample-message').inputValue()) as unknown;
    const res = await cr.rig.ferry.api('POST', '/formulas/evaluate', { message: sample, formula: FORMULA });
    const { value } = (await res.json()) as { value: string };
    expect(value).toMatch(/^Your lapto.{0,3} \[INC0012345\]$/);
    expect(await result.locator('.formula-value').innerText()).toBe(JSON.stringify(value));
    await cr.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => cr.page.locator('#save-result').innerText()).toContain('Saved');
    expect((await stored()).rows[index]).toMatchObject({
      type: 'formula',
      destination: 'Message',
      formula: FORMULA,
    });
  });

  it('adds a static row and removes another', async () => {
    await cr.page.getByRole('button', { name: 'Add a row' }).click();
    const added = cr.page.locator('#rows tbody tr').last();
    await expect.poll(() => cr.page.locator('#rows tbody tr').count()).toBe(collection.rows.length + 1);
    await added.locator('[aria-label=type]').selectOption('static');
    await added.locator('[aria-label=source]').fill('"IT"');
    await added.locator('[aria-label=destination]').fill('Context.Slots.team');
    const detail = collection.rows.findIndex((r) => r.field === 'Detail');
    await cr.page.locator(`#rows tr[data-row="${detail}"] [name="row.${detail}.remove"]`).check();
    await cr.page.getByRole('button', { name: 'Save', exact: true }).click();
    // The notice reads like the last one (as many rows): wait for the stored rows instead.
    await expect.poll(async () => (await stored()).rows.at(-1)?.destination).toBe('Context.Slots.team');
    const rows = (await stored()).rows;
    expect(rows.at(-1)).toEqual({ type: 'static', destination: 'Context.Slots.team', value: 'IT' });
    expect(rows.some((r) => r.field === 'Detail')).toBe(false);
  });

  it('shows a formula error with its code', async () => {
    await cr.page.locator('#formula-test [name=formula]').fill('Truncate(Text,');
    await cr.page.getByRole('button', { name: 'Evaluate' }).click();
    await expect.poll(() => cr.page.locator('#formula-result').innerText()).toMatch(/ERR_FORMULA_\w+/);
    await cr.page.locator('#formula-test [name=formula]').fill("GetCustomFieldValue(CustomFields, 'Ticket')");
    await cr.page.getByRole('button', { name: 'Evaluate' }).click();
    await expect.poll(() => cr.page.locator('#formula-result').innerText()).toContain('"INC0012345"');
  });

  it('delivers a Message through the edited mapping', async () => {
    await cr.rig.send('mapped-1', 'ada@example.test', {
      Text: 'Printer jam on floor 3',
      CustomFields: { 'Moveworks Message Recipients': 'ada@example.test', Ticket: 'INC7' },
    });
    await cr.rig.settled(sub);
    const sent = cr.rig.sim.state.messages().at(-1);
    expect(sent?.message).toContain('Printer ja');
    expect(sent?.message).toContain('[INC7]');
  });

  it('refuses a change to mappings without the CSRF token', async () => {
    for (const path of [`/mappings/${sub}`, `/mappings/${sub}/${collection.id}`, '/mappings/evaluate']) {
      await expectCsrfRejected(cr, path, 'name=evil&formula=1');
    }
    expect((await stored()).name).toBe(collection.name);
  });
});
