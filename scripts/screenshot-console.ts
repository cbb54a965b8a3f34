// Regenerates docs/images/console-monitoring.png: Ferry and the simulator, a small live workload, Chromium's shot.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startRig, type BenchRig } from '../bench/rig.js';
import { launchBrowser } from '../test/support/browser.js';

const OUT = fileURLToPath(new URL('../docs/images/console-monitoring.png', import.meta.url));
/** Ferry samples the charts this often; the workload runs for TICKS of them. */
const INTERVAL_MS = 1_000;
const TICKS = 30;
/** An event id the simulator does not know: Moveworks answers 404 and the transfer fails at once. */
const UNKNOWN_EVENT = '00000000-0000-4000-8000-000000000000';
const PEOPLE = ['ada@example.com', 'grace@example.com', 'alan@example.com', 'katherine@example.com'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sent = 0;
/** POSTs one Message to Ferry, to one or two people, optionally with an event id of its own. */
async function send(rig: BenchRig, eventId?: string): Promise<void> {
  const n = ++sent;
  const to = [PEOPLE[n % PEOPLE.length], ...(n % 3 === 0 ? [PEOPLE[(n + 1) % PEOPLE.length]] : [])];
  const fields: Record<string, string> = { 'Moveworks Message Recipients': to.join(',') };
  if (eventId !== undefined) fields['Moveworks Event Id'] = eventId;
  const ticket = `INC${String(10_400 + n).padStart(7, '0')}`;
  const res = await rig.ferry.api('POST', '/messages', {
    Id: ticket,
    Text: `Your request ${ticket} has been updated`,
    CustomFields: { ...fields, Ticket: ticket },
  });
  if (res.status !== 202 && res.status !== 200) throw new Error(`send refused: ${JSON.stringify(res.body)}`);
}

/** One second of traffic: a steady trickle, two bursts past the throttle, failures, a 429 storm, resets. */
async function tick(rig: BenchRig, t: number): Promise<void> {
  const sim = rig.sim.state;
  const burst = t === 4 || t === 17 ? 8 : 0;
  for (let i = 0; i < 2 + burst; i++) await send(rig);
  if (t === 8 || t === 21) await send(rig, UNKNOWN_EVENT);
  // A 2 s storm, re-armed until Ferry has met a 429 (a slow machine may send nothing during the first one).
  if (t >= 11 && t < 16 && sim.stats().rateLimited === 0) sim.startRateLimitStorm(2_000);
  // Connections cut after the request went out: no answer, so those transfers are unconfirmed.
  if (t === 24) sim.setFaults({ resetRate: 1 });
  if (t === 25) sim.setFaults({ resetRate: 0 });
}

async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/console/sign-in`);
  await page.locator('input[name=token]').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/console/monitoring`);
}

/** Resolves once `charts` charts have each drawn at least `points` points (what the browser tests wait for). */
async function chartsReady(page: Page, charts: number, points: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const drawn = page.locator('.chart[data-src]');
  for (;;) {
    const counts = await Promise.all(
      (await drawn.all()).map(async (el) =>
        (await el.locator('canvas').count()) === 1 ? Number(await el.getAttribute('data-points')) : 0,
      ),
    );
    if (counts.length === charts && counts.every((n) => n >= points)) return;
    if (Date.now() > deadline) throw new Error(`charts not drawn: ${JSON.stringify(counts)}`);
    await sleep(250);
  }
}

/** Resolves once no transfer of the subscription is queued or being sent. */
async function settled(rig: BenchRig, subscriptionId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const c = await rig.ferry.counts(subscriptionId);
    if ((c.queued ?? 0) + (c.sending ?? 0) === 0) return;
    if (Date.now() > deadline) throw new Error(`transfers still queued: ${JSON.stringify(c)}`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  const rig = await startRig('screenshot', {}, { FERRY_MONITOR_INTERVAL_MS: String(INTERVAL_MS) });
  const browser = await launchBrowser();
  try {
    const production = await rig.ferry.subscribe(rig.sim.url, {
      name: 'Moveworks - Production',
      throttleLimit: 6,
      throttleSeconds: 2,
    });
    const desk = await rig.ferry.subscribe(rig.sim.url, {
      name: 'Moveworks - IT Service Desk',
      throttleLimit: 20,
      throttleSeconds: 2,
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await signIn(page, rig.ferry.url, rig.ferry.token);
    for (let t = 0; t < TICKS; t++) {
      await tick(rig, t);
      await sleep(INTERVAL_MS);
    }
    for (const id of [production, desk]) await settled(rig, id);
    // A few quiet intervals after the last delivery, so the lines come back down.
    await sleep(3 * INTERVAL_MS);
    await chartsReady(page, 2, TICKS);
    await sleep(2 * INTERVAL_MS);
    mkdirSync(dirname(OUT), { recursive: true });
    await page.screenshot({ path: OUT, fullPage: true });
    process.stdout.write(`wrote ${OUT} (${Math.round(statSync(OUT).size / 1024)} KB)\n`);
  } finally {
    await browser.close();
    await rig.close();
  }
}

await main();
