// The ferry command in-process against a real server: output for people, exit codes, secrets kept out of argv.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argv, cliRunner } from '../support/cli-runner.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(async () => {
  await ferry.server.close();
});

const ferryCli = cliRunner(() => ferry);

describe('ferry CLI', () => {
  it('adds a connector with secrets from the environment and a file, and never prints them', async () => {
    const add = await ferryCli(
      argv`connectors add cli-basic --base-url https://example.test --type basic --auth username=u --auth password=@env:PW`,
      { PW: 'cli-password-value-1' },
    );
    expect(add.code).toBe(0);
    expect(add.out).toContain('"password": {\n      "set": true');
    expect(add.out + add.err).not.toContain('cli-password-value-1');
    const update = await ferryCli(['connectors', 'update', 'cli-basic', '--auth', 'password=@./pw.txt']);
    expect(update.code).toBe(0);
    const list = await ferryCli(['connectors', 'list']);
    expect(list.out).toMatch(/cli-basic\s+basic\s+https:\/\/example\.test/);
  });

  it('exits 1 and lists every problem when the server refuses the input', async () => {
    const r = await ferryCli(['connectors', 'add', 'Bad', '--base-url', 'ftp://x', '--type', 'bearer']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('ERR_REQUEST_VALIDATION');
    expect(r.err).toContain('- name:');
    expect(r.err).toContain('- baseUrl:');
    expect(r.err).toContain('- auth.apiKey:');
  });

  it('exits 2 on wrong usage and 3 when the server cannot be reached', async () => {
    expect((await ferryCli(['connectors', 'add', 'x'])).code).toBe(2);
    expect(
      (await ferryCli(['connectors', 'add', 'x', '--base-url', 'https://x.test', '--auth', 'novalue'])).code,
    ).toBe(2);
    const down = await ferryCli(['connectors', 'list'], { FERRY_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(3);
    expect(down.err).toContain('cannot reach Ferry');
  });

  it('exits 1 with a hint when the admin token is wrong', async () => {
    const r = await ferryCli(['tokens', 'list'], { FERRY_TOKEN: 'fry_wrong' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('ERR_ADMIN_TOKEN_INVALID');
    expect(r.err).toContain('FERRY_TOKEN');
  });

  it('creates a token that it prints once, then revokes it', async () => {
    const created = await ferryCli(['tokens', 'create', 'laptop']);
    const token = created.out.trim();
    expect(token).toMatch(/^fry_/);
    const list = await ferryCli(['--json', 'tokens', 'list']);
    const items = JSON.parse(list.out) as { id: string; name: string }[];
    expect(list.out).not.toContain(token);
    const id = items.find((t) => t.name === 'laptop')!.id;
    expect((await ferryCli(['tokens', 'revoke', id])).code).toBe(0);
    expect((await ferryCli(['connectors', 'list'], { FERRY_TOKEN: token })).code).toBe(1);
  });
});
