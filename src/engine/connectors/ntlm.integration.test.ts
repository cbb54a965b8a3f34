// NTLM against a real NTLMv2 server on 127.0.0.1: the handshake on one connection, Negotiate, a wrong password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactAuth, type AuthConfig } from '../../core/connectors/auth-config.js';
import type { Connector } from '../../core/connectors/connector.js';
import { connectorRig, thingsAction } from '../../../test/support/connector-rig.js';
import { startNtlmServer, type NtlmServer } from '../../../test/support/ntlm-server.js';
import { findLeaks } from '../../../test/support/secret-leaks.js';

const account = { user: 'grace', domain: 'CORP', password: 'Ntlm-pässword-7f3a91' };
const WRONG = 'not-the-ntlm-password-42';
let ntlmApi: NtlmServer;
let negotiateApi: NtlmServer;
let bothApi: NtlmServer;
const rig = connectorRig('ntlm');
const { provider } = rig;

beforeAll(async () => {
  ntlmApi = await startNtlmServer(account, 'NTLM');
  negotiateApi = await startNtlmServer(account, 'Negotiate');
  bothApi = await startNtlmServer(account, 'Negotiate, NTLM');
  await rig.open();
});
afterAll(async () => {
  await rig.close();
  await Promise.all([ntlmApi.close(), negotiateApi.close(), bothApi.close()]);
});

const ntlm = (password = account.password): AuthConfig => ({
  type: 'ntlm',
  username: account.user,
  password,
  domain: account.domain,
  workstation: 'FERRY',
});

let n = 0;
const connectorOn = (server: NtlmServer, auth: AuthConfig): Connector =>
  rig.connector(`ntlm-${++n}`, server.url, auth);
const run = (
  connector: Connector,
  method: 'GET' | 'POST' = 'GET',
  auth = provider().forConnector(connector),
) => rig.run(connector, thingsAction(method), auth);

describe('ntlm against an NTLMv2 server', () => {
  it('runs an action after NEGOTIATE → CHALLENGE → AUTHENTICATE on one connection', async () => {
    const connector = connectorOn(ntlmApi, ntlm());
    const auth = provider().forConnector(connector);
    const before = ntlmApi.seen.length;
    const result = await run(connector, 'GET', auth);
    expect(result.status).toBe(200);
    const steps = ntlmApi.seen.slice(before);
    expect(steps.map((s) => s.type ?? 0)).toEqual([0, 1, 3]);
    expect(new Set(steps.map((s) => s.connection)).size).toBe(1);
    // The connection stays authenticated: the next action needs no handshake.
    const again = await run(connector, 'GET', auth);
    expect(again.status).toBe(200);
    expect(ntlmApi.seen.slice(before + 3).map((s) => [s.type ?? 0, s.authorized])).toEqual([[0, true]]);
  });

  it('carries a POST body on the AUTHENTICATE request', async () => {
    const result = await run(connectorOn(ntlmApi, ntlm()), 'POST');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ user: account.user, body: '{"n":1}' });
  });

  it('shakes hands again on a new connection: the server binds authentication to the connection', async () => {
    const connector = connectorOn(ntlmApi, ntlm());
    expect((await run(connector)).status).toBe(200);
    const first = ntlmApi.seen.at(-1)?.connection;
    // A new provider has a new pool: its first request comes on a new connection and gets 401 again.
    const before = ntlmApi.seen.length;
    expect((await run(connector)).status).toBe(200);
    const steps = ntlmApi.seen.slice(before);
    expect(steps.map((s) => [s.type ?? 0, s.authorized])).toEqual([
      [0, false],
      [1, false],
      [3, true],
    ]);
    expect(steps[0]?.connection).not.toBe(first);
  });

  it('authenticates concurrent actions with a single handshake', async () => {
    const connector = connectorOn(ntlmApi, ntlm());
    const auth = provider().forConnector(connector);
    const before = ntlmApi.seen.length;
    const results = await Promise.all(Array.from({ length: 5 }, () => run(connector, 'GET', auth)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(ntlmApi.seen.slice(before).filter((s) => s.type === 1)).toHaveLength(1);
  });

  it('falls back to NTLM inside Negotiate when the server offers only Negotiate', async () => {
    const result = await run(connectorOn(negotiateApi, ntlm()));
    expect(result.status).toBe(200);
    expect(negotiateApi.tokens.every((t) => t.startsWith('Negotiate '))).toBe(true);
    expect(negotiateApi.tokens.length).toBeGreaterThanOrEqual(2);
    expect(negotiateApi.seen.filter((s) => s.type !== undefined).map((s) => s.type)).toEqual([1, 3]);
  });

  it('refuses a wrong password inside Negotiate with ERR_AUTH_NTLM_REJECTED', async () => {
    const e = await rig.failure(run(connectorOn(negotiateApi, ntlm(WRONG))));
    expect(e.code).toBe('ERR_AUTH_NTLM_REJECTED');
    expect(negotiateApi.seen.at(-1)).toMatchObject({ type: 3, authorized: false });
  });

  it('takes the NTLM scheme when the server offers Negotiate and NTLM (no Kerberos to negotiate)', async () => {
    const result = await run(connectorOn(bothApi, ntlm()));
    expect(result.status).toBe(200);
    expect(bothApi.tokens.length).toBeGreaterThanOrEqual(2);
    expect(bothApi.tokens.every((t) => t.startsWith('NTLM '))).toBe(true);
  });

  it('fails a wrong password with ERR_AUTH_NTLM_REJECTED, naming the user and not the password', async () => {
    const e = await rig.failure(run(connectorOn(ntlmApi, ntlm(WRONG))));
    expect(e.code).toBe('ERR_AUTH_NTLM_REJECTED');
    expect(e.message).toContain('CORP\\grace');
    expect(ntlmApi.seen.at(-1)).toMatchObject({ type: 3, authorized: false });
  });

  it('keeps the password sealed in the database, masked in the API view, and out of logs and errors', async () => {
    const created = await rig
      .connectors()
      .create({ name: 'sealed-ntlm', baseUrl: ntlmApi.url, auth: ntlm() });
    expect(redactAuth(created.auth)).toEqual({
      type: 'ntlm',
      username: account.user,
      password: { set: true },
      domain: account.domain,
      workstation: 'FERRY',
    });
    const file = await rig.databaseFile();
    const secrets = [account.password, WRONG];
    expect(findLeaks([{ where: 'database file', text: file }], secrets)).toEqual([]);
    expect(rig.logger.lines.length).toBeGreaterThan(3);
    const tokens = [ntlmApi, negotiateApi, bothApi].flatMap((api) =>
      api.tokens.map((t) => t.split(' ')[1] ?? t),
    );
    expect(findLeaks(rig.seenTexts(), [...secrets, ...tokens])).toEqual([]);
  });
});
