// The console's user tasks in Chromium against Ferry and the simulator: subscriptions, logs and replay,
// Manual Sync and a bulk upload watched to the end; no secret in any page.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID } from '../../src/sim/index.js';
import { startConsoleRig, type ConsoleRig } from '../support/console-rig.js';

let cr: ConsoleRig;
let subId: string;
beforeAll(async () => {
  cr = await startConsoleRig();
});
afterAll(async () => {
  await cr?.close();
});

const field = (form: string, name: string) => cr.page.locator(`${form} [name="${name}"]`);

describe('console tasks', () => {
  it('adds a subscription with its settings (Connection Test first)', async () => {
    await cr.open('/subscriptions');
    const f = '#add-subscription';
    await field(f, 'name').fill('Moveworks - Console');
    await field(f, 'apiUrl').fill(cr.rig.sim.url);
    await field(f, 'clientId').fill(DEMO_CLIENT_ID);
    await field(f, 'clientSecret').fill(DEMO_CLIENT_SECRET);
    await field(f, 'defaultEventId').fill(DEMO_EVENT_ID);
    await field(f, 'throttleLimit').fill('50');
    await field(f, 'throttleSeconds').fill('10');
    // One attempt: a 500 fails the transfer at once, for the Error log below.
    await field(f, 'maxAttempts').fill('1');
    await cr.page.getByRole('button', { name: 'Test and save' }).click();
    await cr.page.waitForURL(/\/console\/subscriptions\/[^/]+$/);
    subId = cr.page.url().split('/').pop()!;
    const saved = (await (await cr.rig.ferry.api('GET', `/subscriptions/${subId}`)).json()) as Record<
      string,
      unknown
    >;
    expect(saved).toMatchObject({ name: 'Moveworks - Console', throttleLimit: 50, throttleSeconds: 10 });
    expect(await field('#edit-subscription', 'clientSecret').inputValue()).toBe('');
    expect(await cr.page.locator('#edit-subscription').innerText()).toContain('set');
  });

  it('runs the Connection Test and a Send Test from the subscription page', async () => {
    await cr.page.getByRole('button', { name: 'Run the Connection Test' }).click();
    await expect.poll(() => cr.page.locator('#test-result').innerText()).toContain('Connection Test passed');
    await field('#send-test', 'to').fill('ada@example.test');
    await field('#send-test', 'eventId').fill(DEMO_EVENT_ID);
    await cr.page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => cr.page.locator('#send-result').innerText()).toContain('Delivered');
    expect(cr.rig.sim.state.messages().at(-1)?.message).toBe('Test message from Ferry');
  });

  it('shows a failed delivery in the Error log and replays it once Moveworks is back', async () => {
    cr.rig.sim.state.setFaults({ errorRate: 1 });
    await cr.rig.send('fail-1', 'ada@example.test');
    await cr.rig.settled(subId);
    cr.rig.sim.state.setFaults({ errorRate: 0 });
    await cr.open(`/errors?subscription=${subId}`);
    const row = cr.page.locator('#log tr[data-outcome="failed"]').first();
    expect(await row.innerText()).toContain('fail-1');
    // A setting saved from the subscription page on the way (every field kept, the secret too).
    await cr.open(`/subscriptions/${subId}`);
    await field('#edit-subscription', 'throttleLimit').fill('5000');
    await cr.page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => cr.page.locator('#save-result').innerText()).toContain('Saved');
    await cr.open(`/errors?subscription=${subId}&status=failed`);
    await cr.page.locator('#log tr[data-outcome="failed"] input[type=checkbox]').first().check();
    await cr.page.getByRole('button', { name: 'Replay selected' }).click();
    await expect.poll(() => cr.page.locator('#replay-result').innerText()).toContain('Queued 1 transfer');
    await cr.rig.settled(subId);
    await cr.open(`/activity?subscription=${subId}&status=delivered`);
    expect(await cr.page.locator('#log').innerText()).toContain('fail-1');
  });

  it('filters the Activity log by tracking id and by time', async () => {
    const [t] = await cr.rig.transfers(`?subscription=${subId}&message=fail-1`);
    await cr.open(`/activity?tracking=${t!.trackingId}`);
    const rows = cr.page.locator('#log tbody tr');
    expect(await rows.count()).toBe(2);
    await cr.open(`/activity?tracking=${t!.trackingId}&to=2000-01-01T00:00:00`);
    expect(await rows.count()).toBe(0);
  });

  it('disables and enables the subscription from the list', async () => {
    await cr.open('/subscriptions');
    const row = cr.page.locator(`tr[data-subscription="${subId}"]`);
    await row.getByRole('button', { name: 'Disable' }).click();
    await cr.page.waitForLoadState();
    expect(await row.locator('.state').innerText()).toBe('disabled');
    await row.getByRole('button', { name: 'Enable' }).click();
    await cr.page.waitForLoadState();
    expect(await row.locator('.state').innerText()).toBe('enabled');
  });

  it('uploads a file and watches it to the end, with a result per row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-bulk-'));
    const lines = Array.from({ length: 400 }, (_, i) =>
      JSON.stringify({
        Id: `bulk-${i}`,
        Text: `bulk ${i}`,
        CustomFields: { 'Moveworks Message Recipients': 'ada@example.test' },
      }),
    );
    lines.push('{not json', lines[0]!);
    const file = join(dir, 'messages.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await cr.open('/bulk');
    await cr.page.locator('input[type=file]').setInputFiles(file);
    await cr.page.getByRole('button', { name: 'Upload' }).click();
    const job = cr.page.locator('#bulk-job');
    await expect.poll(() => job.getAttribute('data-done'), { timeout: 20_000 }).toBe('true');
    expect(await job.locator('progress').getAttribute('value')).toBe('100');
    expect(await job.locator('.notice').innerText()).toContain('400 accepted, 1 duplicates, 1 rejected');
    expect(await cr.page.locator('#bulk-rows tr[data-line="1"]').innerText()).toContain('accepted');
    expect(await cr.page.locator('#bulk-rows tr[data-line="401"]').innerText()).toContain('rejected');
    expect(await cr.page.locator('#bulk-rows tr[data-line="402"]').innerText()).toContain('duplicate');
    await cr.rig.settled(subId, 30_000);
  });

  it('runs a Manual Sync: delivered ones are not sent again, unknown ones are reported', async () => {
    await cr.open('/manual-sync');
    await field('#sync-form', 'subscription').selectOption(subId);
    await field('#sync-form', 'ids').fill('bulk-1\nbulk-2, nope-1');
    await cr.page.locator('#sync-form [name=debug]').check();
    await cr.page.getByRole('button', { name: 'Sync' }).click();
    const result = cr.page.locator('#sync-result');
    await expect.poll(() => result.innerText()).toContain('Not found (1): nope-1');
    expect(await result.innerText()).toContain('Already delivered (not sent again) (2): bulk-1, bulk-2');
  });

  it('never put a secret in any page it served', async () => {
    await cr.open(`/subscriptions/${subId}`);
    expect(cr.bodies.length).toBeGreaterThan(10);
    for (const body of cr.bodies) expect(body).not.toContain(DEMO_CLIENT_SECRET);
  });
});
