// The admin API end to end: authentication, connectors, problem+json, OpenAPI coverage, restarts.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';

let ferry: TestFerry;
beforeAll(async () => {
  ferry = await startTestFerry();
});
afterAll(async () => {
  await ferry.server.close();
});

const basic = (name: string) => ({
  name,
  baseUrl: 'http://127.0.0.1:9/api',
  auth: { type: 'basic', username: 'svc', password: 'pw-e2e-basic-1' },
});

describe('health', () => {
  it('answers /healthz and /readyz without a token', async () => {
    expect((await fetch(`${ferry.server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${ferry.server.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});

describe('admin authentication', () => {
  it.each([
    ['no token', {}, 'ERR_ADMIN_TOKEN_MISSING'],
    ['an unknown token', { authorization: 'Bearer fry_nope' }, 'ERR_ADMIN_TOKEN_INVALID'],
    ['a Basic header', { authorization: 'Basic Zm9vOmJhcg==' }, 'ERR_ADMIN_TOKEN_INVALID'],
  ])('rejects %s with 401 problem+json', async (_, headers, code) => {
    for (const path of ['/connectors', '/openapi.json', '/tokens', '/no-such-route']) {
      const res = await fetch(`${ferry.server.url}/api/v1${path}`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe(code);
    }
  });

  it('creates, lists and revokes tokens; a revoked token stops working at once', async () => {
    const created = (await (await ferry.api('POST', '/tokens', { name: 'ci' })).json()) as {
      id: string;
      token: string;
    };
    expect(created.token).toMatch(/^fry_/);
    const list = (await (await ferry.api('GET', '/tokens')).json()) as { items: Record<string, unknown>[] };
    expect(list.items.map((t) => t.name)).toEqual(['bootstrap', 'ci']);
    expect(JSON.stringify(list)).not.toContain(created.token);
    const asCi = () =>
      fetch(`${ferry.server.url}/api/v1/connectors`, {
        headers: { authorization: `Bearer ${created.token}` },
      });
    expect((await asCi()).status).toBe(200);
    expect((await ferry.api('DELETE', `/tokens/${created.id}`)).status).toBe(204);
    expect((await asCi()).status).toBe(401);
    expect(
      ((await (await ferry.api('DELETE', `/tokens/${created.id}`)).json()) as { code: string }).code,
    ).toBe('ERR_ADMIN_TOKEN_NOT_FOUND');
  });
});

describe('POST/GET/PATCH/DELETE /api/v1/connectors', () => {
  it('creates a connector and never returns its secrets', async () => {
    const res = await ferry.api('POST', '/connectors', basic('crud'));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { auth: Record<string, unknown> };
    expect(body.auth).toEqual({ type: 'basic', username: 'svc', password: { set: true } });
    const shown = await (await ferry.api('GET', '/connectors/crud')).text();
    expect(shown).not.toContain('pw-e2e-basic-1');
    const list = await (await ferry.api('GET', '/connectors')).text();
    expect(list).toContain('"crud"');
    expect(list).not.toContain('pw-e2e-basic-1');
  });

  it('refuses a second connector with the same name with 409', async () => {
    await ferry.api('POST', '/connectors', basic('twice'));
    const res = await ferry.api('POST', '/connectors', basic('twice'));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_CONNECTOR_EXISTS');
  });

  it('patches fields and keeps secrets that were not sent', async () => {
    await ferry.api('POST', '/connectors', basic('patchme'));
    const res = await ferry.api('PATCH', '/connectors/patchme', {
      description: 'new',
      auth: { username: 'other' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { description: string; auth: Record<string, unknown> };
    expect(body.description).toBe('new');
    expect(body.auth).toEqual({ type: 'basic', username: 'other', password: { set: true } });
    const changeType = await ferry.api('PATCH', '/connectors/patchme', { auth: { type: 'bearer' } });
    expect(changeType.status).toBe(400);
    expect(((await changeType.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
      'auth.apiKey',
    );
  });

  it('lists every problem of an invalid connector at once', async () => {
    const res = await ferry.api('POST', '/connectors', {
      name: 'Bad Name',
      baseUrl: 'ftp://x',
      auth: { type: 'oauth2_client_credentials', clientId: '', oauth2TokenUrl: 'not a url' },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('ERR_REQUEST_VALIDATION');
    expect(problem.errors.map((e) => e.path).sort()).toEqual(
      ['auth.clientId', 'auth.clientSecret', 'auth.oauth2TokenUrl', 'baseUrl', 'name'].sort(),
    );
  });

  it.each([
    ['an unknown auth type', { type: 'kerberos' }, 'auth.type'],
    [
      'a key that is not PEM',
      { type: 'jwt', algorithm: 'RS256', privateKey: 'not a key' },
      'auth.privateKey',
    ],
    [
      'an HS256 secret shorter than 256 bits',
      { type: 'jwt', algorithm: 'HS256', privateKey: 'short' },
      'auth.privateKey',
    ],
    ['an api key with no place to go', { type: 'api_key', apiKey: 'k' }, 'auth.headerAuthKey'],
  ])('rejects %s with 400 naming the field', async (_, auth, path) => {
    const res = await ferry.api('POST', '/connectors', { name: 'invalid', baseUrl: 'https://x.test', auth });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(path);
  });

  it('deletes a connector, then answers 404', async () => {
    await ferry.api('POST', '/connectors', basic('gone'));
    expect((await ferry.api('DELETE', '/connectors/gone')).status).toBe(204);
    const res = await ferry.api('GET', '/connectors/gone');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_CONNECTOR_NOT_FOUND');
  });

  it('refuses to delete a connector that actions use', async () => {
    await ferry.api('POST', '/connectors', basic('used'));
    await ferry.api('POST', '/actions', { name: 'uses', connector: 'used', method: 'GET', endpoint: '/x' });
    const res = await ferry.api('DELETE', '/connectors/used');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'ERR_CONNECTOR_IN_USE', actions: ['uses'] });
  });
});

describe('bad input', () => {
  it('answers malformed JSON with ERR_REQUEST_MALFORMED_JSON', async () => {
    const res = await ferry.api('POST', '/connectors', '{"name": ');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_REQUEST_MALFORMED_JSON');
  });

  it('answers a non-JSON body with 415', async () => {
    const res = await ferry.api('POST', '/connectors', 'name=x', { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over the limit with 413', async () => {
    // The server stops reading and closes this connection, so it gets a pool of its own.
    const pool = new Agent();
    const res = await undiciFetch(`${ferry.server.url}/api/v1/connectors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ferry.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2_000_000) }),
      dispatcher: pool,
    });
    await pool.close();
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_REQUEST_TOO_LARGE');
  });

  it('ignores __proto__ keys without polluting anything', async () => {
    const res = await ferry.api(
      'POST',
      '/connectors',
      '{"name":"proto","baseUrl":"https://x.test","auth":{"type":"none"},"__proto__":{"polluted":true}}',
    );
    expect(res.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is OpenAPI 3.1 and documents every route with its security', async () => {
    const doc = (await (await ferry.api('GET', '/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /connectors',
        'GET /connectors/{name}',
        'POST /connectors/{name}/test',
        'POST /actions/{name}/run',
        'DELETE /tokens/{id}',
        'POST /keys/rotate',
      ]),
    );
    // The JWKS is public on purpose: authorization servers fetch it as a client's jwks_uri.
    for (const [path, ops] of Object.entries(doc.paths))
      for (const op of Object.values(ops))
        expect(op.security).toEqual(path === '/.well-known/jwks.json' ? [] : [{ adminToken: [] }]);
  });
});

describe('start-up', () => {
  it('refuses a port in use with a config error naming FERRY_PORT, closing what it had opened', async () => {
    const taken = String(ferry.server.port);
    const dataDir = mkdtempSync(join(tmpdir(), 'ferry-port-'));
    const error = await startTestFerry({ FERRY_PORT: taken, FERRY_DEMO: 'true' }, dataDir).then(
      () => undefined,
      (e: unknown) => e as ConfigError,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.issues.map((i) => i.path)).toEqual(['FERRY_PORT']);
    // The database it opened was closed: a second start on the same directory works.
    const again = await startTestFerry({ FERRY_DEMO: 'true' }, dataDir);
    expect(again.server.demoInstructions).toContain('demo-notify');
    await again.server.close();
  });
});

describe('restart', () => {
  it('keeps connectors, prints no new admin token and keeps secrets sealed in the database file', async () => {
    await ferry.api('POST', '/connectors', basic('survivor'));
    await ferry.server.close();
    ferry = await startTestFerry({}, ferry.dataDir, ferry.token);
    expect(ferry.server.bootstrapToken).toBeUndefined();
    expect((await ferry.api('GET', '/connectors/survivor')).status).toBe(200);
    const db = readFileSync(join(ferry.dataDir, 'ferry.db'));
    expect(db.includes('pw-e2e-basic-1')).toBe(false);
  });
});
