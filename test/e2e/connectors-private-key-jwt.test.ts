// private_key_jwt through Ferry's API against oidc-provider whose client jwks_uri is Ferry's own JWKS endpoint.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createClientCert } from '../support/client-certs.js';
import { startTestFerry, type TestFerry } from '../support/ferry-server.js';
import { MTLS_CLIENTS, startMtlsOidcServer, type MtlsOidcServer } from '../support/mtls-oidc-server.js';
import { databaseText, findLeaks } from '../support/secret-leaks.js';

let ferry: TestFerry;
let idp: MtlsOidcServer;
const clock = new ManualClock(Date.now());
const responses: string[] = [];

async function call(method: string, path: string, body?: unknown) {
  const res = await ferry.api(method, path, body);
  const text = await res.text();
  responses.push(text);
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
async function jwks(): Promise<JSONWebKeySet> {
  const res = await fetch(`${ferry.server.url}/.well-known/jwks.json`);
  expect(res.status).toBe(200);
  const text = await res.text();
  responses.push(text);
  return JSON.parse(text) as JSONWebKeySet;
}

beforeAll(async () => {
  ferry = await startTestFerry({}, undefined, undefined, { clock });
  idp = await startMtlsOidcServer({
    cert: createClientCert('unused'),
    trusted: [],
    plain: true,
    jwksUri: `${ferry.server.url}/.well-known/jwks.json`,
  });
});
afterAll(async () => {
  await ferry.server.close();
  await idp.close();
});

const connector = (name: string, extra: object = {}) => ({
  name,
  baseUrl: 'http://127.0.0.1:9',
  auth: {
    type: 'oauth2_client_credentials',
    clientId: MTLS_CLIENTS.privateKeyJwt.id,
    oauth2TokenUrl: idp.tokenUrl,
    oauth2ClientAuthentication: 'private_key_jwt',
    clientAssertionAudience: idp.issuer,
    ...extra,
  },
});

describe('private_key_jwt with Ferry’s JWKS', () => {
  let firstKid: string;
  let nextKid: string;

  it('publishes a public key at /.well-known/jwks.json without an admin token, before any token request', async () => {
    expect((await call('POST', '/connectors', connector('pkjwt'))).status).toBe(201);
    // The current key and the next one, published ahead so a rotation finds it in servers' caches.
    const { keys } = await jwks();
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(member);
    }
    firstKid = keys[1]?.kid ?? '';
    nextKid = keys[0]?.kid ?? '';
  });

  it('gets a token from oidc-provider, which verifies the assertion with the keys it fetched from Ferry', async () => {
    const { json } = await call('POST', '/connectors/pkjwt/test');
    expect(json).toMatchObject({ ok: true });
    expect((json.steps as string[]).join('\n')).toContain('client_auth=private_key_jwt');
    expect(idp.requests.at(-1)).toMatchObject({ status: 200, assertionKid: firstKid });
  });

  it('rotates: the new key signs, the old stays published until its assertions expired, then drops out', async () => {
    const { status, json } = await call('POST', '/connectors/pkjwt/rotate-key');
    expect(status).toBe(200);
    expect(json).toMatchObject({ alg: 'RS256', previousKid: firstKid });
    expect(json.kid).toBe(nextKid);
    const published = (await jwks()).keys.map((k) => k.kid);
    expect(published).toHaveLength(3);
    expect(published.slice(1)).toEqual([nextKid, firstKid]);
    const { json: tested } = await call('POST', '/connectors/pkjwt/test');
    expect(tested).toMatchObject({ ok: true });
    expect(idp.requests.at(-1)).toMatchObject({ status: 200, assertionKid: json.kid });
    // Default assertion lifetime 60 s plus 60 s of clock skew.
    clock.advance(119_000);
    expect((await jwks()).keys.map((k) => k.kid)).toContain(firstKid);
    clock.advance(2_000);
    expect((await jwks()).keys.map((k) => k.kid)).toEqual(published.slice(0, 2));
  });

  it('serves ES256 keys too, keeps keys across a connector change, and refuses rotation without private_key_jwt', async () => {
    await call('POST', '/connectors', connector('pkjwt-es', { clientAssertionAlgorithm: 'ES256' }));
    const before = (await jwks()).keys.find((k) => k.alg === 'ES256');
    expect(before).toMatchObject({ kty: 'EC', crv: 'P-256' });
    await call('PATCH', '/connectors/pkjwt-es', { auth: { clientAssertionLifetimeSeconds: 30 } });
    expect((await jwks()).keys.find((k) => k.alg === 'ES256')?.kid).toBe(before?.kid);
    await call('POST', '/connectors', {
      name: 'plain',
      baseUrl: 'http://127.0.0.1:9',
      auth: { type: 'none' },
    });
    const refused = await call('POST', '/connectors/plain/rotate-key');
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('ERR_CONNECTOR_NO_SIGNING_KEY');
  });

  it('an assertion signed before a rotation still verifies against the JWKS during the overlap', async () => {
    // The server saw every assertion's kid; check one by signature against the published set.
    const set = createLocalJWKSet(await jwks());
    const kid = idp.requests.at(-1)?.assertionKid;
    expect(kid).toBeDefined();
    await call('POST', '/connectors/pkjwt/rotate-key');
    const overlap = createLocalJWKSet(await jwks());
    const sample = idp.assertions.at(-1) ?? '';
    expect(decodeProtectedHeader(sample).kid).toBe(kid);
    await expect(compactVerify(sample, set)).resolves.toBeDefined();
    await expect(compactVerify(sample, overlap)).resolves.toBeDefined();
  });

  it('fails the test as ERR_OAUTH_INVALID_CLIENT, no key in it, when the server holds other keys than Ferry’s', async () => {
    // A server that registered someone else's JWKS: Ferry's assertion does not verify there.
    const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
    const stranger = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [{ ...key, kid: 'stranger', alg: 'RS256', use: 'sig' }] }));
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    const { port } = stranger.address() as AddressInfo;
    const other = await startMtlsOidcServer({
      cert: createClientCert('unused'),
      trusted: [],
      plain: true,
      jwksUri: `http://127.0.0.1:${port}/jwks.json`,
    });
    try {
      const extra = { oauth2TokenUrl: other.tokenUrl, clientAssertionAudience: other.issuer };
      expect((await call('POST', '/connectors', connector('pkjwt-stranger', extra))).status).toBe(201);
      const { json } = await call('POST', '/connectors/pkjwt-stranger/test');
      expect(json).toMatchObject({ ok: false, error: { code: 'ERR_OAUTH_INVALID_CLIENT' } });
      const message = (json.error as { message: string }).message;
      expect(message).toContain('jwks_uri');
      expect(message).not.toContain('Client Secret');
      expect(other.requests.at(-1)).toMatchObject({ status: 401 });
    } finally {
      await other.close();
      await new Promise((resolve) => stranger.close(resolve));
    }
  });

  it('keeps private keys sealed in the database and out of logs and API responses', async () => {
    const db = await databaseText(join(ferry.dataDir, 'ferry.db'));
    // Private JWK members as Ferry would write them in plaintext; any of them in the file is a leak.
    expect(db).not.toMatch(/"d":"[A-Za-z0-9_-]{20,}/);
    expect(db).not.toContain('"privateJwk"');
    expect(responses.join('\n')).not.toMatch(/"d":"/);
    const assertions = idp.assertions;
    expect(assertions.length).toBeGreaterThan(1);
    expect(findLeaks([{ where: 'log', text: ferry.logs.join('\n') }], assertions)).toEqual([]);
  });
});
