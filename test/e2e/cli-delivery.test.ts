// The delivery commands a newcomer uses: subscriptions, send, bulk, logs, errors, replay, dismiss, sync.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EVENT_ID } from '../../src/sim/index.js';
import { argv, cliRunner } from '../support/cli-runner.js';
import { startDeliveryRig, type DeliveryRig } from '../support/delivery-rig.js';

let rig: DeliveryRig;
beforeAll(async () => {
  rig = await startDeliveryRig();
});
afterAll(() => rig.close());
const ferry = cliRunner(() => rig.ferry);
const dir = mkdtempSync(join(tmpdir(), 'ferry-cli-'));

describe('ferry delivery commands', () => {
  it('adds a subscription with the secret from the environment, tests it and sends a Send Test', async () => {
    const add = await ferry(
      argv`subscriptions add ${'Moveworks - CLI'} --api-url ${rig.sim.url} --client-id ferry-demo
        --client-secret @env:MW_SECRET --default-event ${DEMO_EVENT_ID}`,
      { MW_SECRET: 'ferry-demo-secret' },
    );
    expect(add.code, add.err).toBe(0);
    expect(add.out).toContain('"clientSecret": {\n    "set": true');
    expect(add.out + add.err).not.toContain('ferry-demo-secret');
    const test = await ferry(['subscriptions', 'test', 'Moveworks - CLI']);
    expect(test).toMatchObject({ code: 0 });
    expect(test.out).toContain('Connection Test passed');
    const sendTest = await ferry(argv`subscriptions send-test ${'Moveworks - CLI'} --to cli@example.com`);
    expect(sendTest.out).toContain('Send Test delivered (HTTP 200)');
    const list = await ferry(['subscriptions', 'list']);
    expect(list.out).toMatch(/Moveworks - CLI\s+http:\/\/127\.0\.0\.1:\d+\s+120\/60s\s+true\s+ok/);
  });

  it('refuses a wrong secret with exit code 1 and says what to check', async () => {
    const add = await ferry(
      ['subscriptions', 'add', 'bad', '--api-url', rig.sim.url, '--client-id', 'ferry-demo'].concat([
        '--client-secret',
        'nope-nope',
      ]),
    );
    expect(add.code).toBe(1);
    expect(add.err).toContain('ERR_SUBSCRIPTION_TEST_FAILED');
    expect(add.err).toContain('check the Client ID, the Client Secret');
  });

  it('sends a message, reports a duplicate, and shows it in the activity log', async () => {
    const sent = await ferry(argv`send --id cli-1 --text Hello --to a@example.com --field Ticket=INC1`);
    expect(sent.code, sent.err).toBe(0);
    expect(sent.out).toMatch(/accepted message cli-1\n {2}[0-9a-f-]{36} {2}sub_\w+ {2}queued/);
    const again = await ferry(['send', '--id', 'cli-1', '--text', 'Hello', '--to', 'a@example.com']);
    expect(again.out).toContain('duplicate: message cli-1 was accepted before');
    await expect
      .poll(async () => (await ferry(['logs', '--message', 'cli-1'])).out)
      .toMatch(/cli-1\s+delivered\s+200\s+1/);
    const usage = await ferry(['send', '--id', 'x']);
    expect(usage.code).toBe(2);
  });

  it('bulk-sends a CSV file with a summary naming rejected lines, and exits 1 because of them', async () => {
    const file = join(dir, 'messages.csv');
    writeFileSync(
      file,
      'Id,Text,Moveworks Message Recipients,Ticket\nb-1,One,a@example.com,INC1\nb-2,Two,not-an-email,INC2\n,Three,a@example.com,\nb-1,Again,a@example.com,\n',
    );
    const bulk = await ferry(['bulk', file]);
    expect(bulk.code).toBe(1);
    expect(bulk.out).toContain('accepted 1, duplicates 1, rejected 2');
    expect(bulk.out).toMatch(/line 3: .*email/);
    expect(bulk.out).toMatch(/line 4: Id/);
  });

  it('shows errors with the iPaaS texts, replays, dismisses and syncs', async () => {
    const bad = '00000000-0000-4000-8000-000000000000';
    await ferry(['send', '--id', 'cli-bad', '--text', 'x', '--to', 'a@example.com', '--event', bad]);
    await expect
      .poll(async () => (await ferry(['errors'])).out)
      .toContain('Could not Post Message To Moveworks');
    const errors = await ferry(['errors']);
    expect(errors.out).toMatch(
      /Error calling Moveworks CallWrapper\.SendMessage: INVALID_EVENT_ID: .*\(Http Code: 404\)/,
    );
    expect((await ferry(['replay'])).code).toBe(2);
    const replay = await ferry(['replay', '--message', 'cli-bad']);
    expect(replay.out).toContain('queued again: 1 transfer(s)');
    await expect
      .poll(async () => (await ferry(['transfers', 'list', '--status', 'failed'])).out)
      .toContain('cli-bad');
    expect((await ferry(['dismiss', '--message', 'cli-bad'])).out).toContain('dismissed: 1 transfer(s)');
    const sync = await ferry(['sync', 'cli-1', 'cli-bad', 'nope', '--subscription', 'Moveworks - CLI']);
    expect(sync.out).toContain('queued 1, already queued 0, already delivered 1, not found 1');
    expect(sync.code).toBe(1);
  });
});

describe('ferry mappings and formula', () => {
  it('exports, imports, lists and evaluates mapping collections', async () => {
    const exported = await ferry([
      'mappings',
      'export',
      'Moveworks - CLI',
      'Moveworks Message Add From Ferry',
    ]);
    expect(exported.code, exported.err).toBe(0);
    const file = join(dir, 'mapping.json');
    writeFileSync(file, exported.out.replace('Moveworks Message Add From Ferry', 'Imported'));
    const cli = cliRunner(
      () => rig.ferry,
      exported.out.replace('Moveworks Message Add From Ferry', 'Imported'),
    );
    expect((await cli(['mappings', 'import', 'Moveworks - CLI', file])).code).toBe(0);
    const list = await ferry(['mappings', 'list', 'Moveworks - CLI']);
    expect(list.out).toMatch(/Imported\s+Enabled\s+0\s+6/);
    const off = await ferry(['mappings', 'update', 'Moveworks - CLI', 'Imported', '--status', 'Inactive']);
    expect(off.out).toContain('"status": "Inactive"');
    const message = JSON.stringify({ Id: 'e-1', Text: 'Hello there', Severity: 'Error' });
    const evaluate = cliRunner(() => rig.ferry, message);
    const value = await evaluate([
      'formula',
      'eval',
      "Truncate(Text, 5) + ' ' + Severity",
      '--message',
      'm.json',
    ]);
    expect(JSON.parse(value.out)).toEqual({ value: 'Hello Error' });
    const broken = await evaluate(['formula', 'eval', 'while (true) {}', '--message', 'm.json']);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('ERR_FORMULA_TIMEOUT');
  });
});
