// The first-start demo: a newcomer's copy-paste action run reaches the built-in Moveworks simulator, also after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry({ FERRY_DEMO: 'true' });
});
afterAll(async () => {
  await ferry.server.close();
});

const simUrl = () => /runs at (http:\/\/127\.0\.0\.1:\d+)/.exec(ferry.server.demoInstructions ?? '')?.[1];

async function runDemo(text: string) {
  const res = await ferry.api('POST', '/actions/demo-notify/run', {
    inputs: { text },
    user: 'newcomer@example.com',
  });
  return (await res.json()) as { status: number; body: unknown };
}

async function activity() {
  const res = await ferry.api('GET', '/activity');
  return ((await res.json()) as { items: { status: string }[] }).items;
}

describe('npm start demo', () => {
  it('prints copy-paste instructions and delivers the demo message to the simulator', async () => {
    expect(ferry.server.demoInstructions).toContain('npx ferry actions run demo-notify');
    const run = await runDemo('Hello from Ferry');
    expect(run).toMatchObject({ status: 200, body: { data: { status: 'RECEIVED' } } });
    const seen = (await (await fetch(`${simUrl()}/_sim/messages`)).json()) as {
      messages: { message: string; recipients: string[] }[];
    };
    expect(seen.messages).toEqual([
      expect.objectContaining({ message: 'Hello from Ferry', recipients: ['newcomer@example.com'] }),
    ]);
    const test = (await (await ferry.api('POST', '/connectors/moveworks-demo/test')).json()) as {
      ok: boolean;
    };
    expect(test.ok).toBe(true);
  });

  it('delivers a message sent through the demo subscription and logs it as delivered', async () => {
    expect(ferry.server.demoInstructions).toContain('npx ferry send --id hello-1');
    const res = await ferry.api('POST', '/messages', {
      Id: 'hello-1',
      Text: 'Hello from Ferry',
      CustomFields: { 'Moveworks Message Recipients': 'newcomer@example.com' },
    });
    expect(res.status).toBe(202);
    await expect.poll(async () => (await activity())[0]?.status, { timeout: 5_000 }).toBe('delivered');
    const seen = (await (await fetch(`${simUrl()}/_sim/messages`)).json()) as {
      messages: { message: string }[];
    };
    expect(seen.messages.map((m) => m.message)).toContain('Hello from Ferry');
  });

  it('points the demo connector at the new simulator after a restart', async () => {
    const before = simUrl();
    await ferry.server.close();
    ferry = await startTestFerry({ FERRY_DEMO: 'true' }, ferry.dataDir, ferry.token);
    expect(simUrl()).not.toBe(before);
    expect((await runDemo('again')).status).toBe(200);
  });

  it('stays out of the way once the installation has its own connectors and subscriptions', async () => {
    await ferry.api('POST', '/connectors', {
      name: 'own',
      baseUrl: 'https://x.test',
      auth: { type: 'none' },
    });
    await ferry.server.close();
    ferry = await startTestFerry({ FERRY_DEMO: 'true' }, ferry.dataDir, ferry.token);
    expect(ferry.server.demoInstructions).toContain('npx ferry send');
    expect(ferry.server.demoInstructions).not.toContain('actions run');
    const own = { name: 'Moveworks - Production', apiUrl: 'https://x.test', apiKey: 'k-123456' };
    expect((await ferry.api('POST', '/subscriptions?test=false', own)).status).toBe(201);
    await ferry.server.close();
    ferry = await startTestFerry({ FERRY_DEMO: 'true' }, ferry.dataDir, ferry.token);
    expect(ferry.server.demoInstructions).toBeUndefined();
  });
});
