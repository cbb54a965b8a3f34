// Client certificates (mutual TLS) against real HTTPS servers that require one, and RFC 8705 at oidc-provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundFetch } from '../../adapters/http/outbound.js';
import { redactAuth, type AuthConfig } from '../../core/connectors/auth-config.js';
import { createClientCert, type ClientCert } from '../../../test/support/client-certs.js';
import { connectorRig, thingsAction } from '../../../test/support/connector-rig.js';
import {
  MTLS_CLIENTS,
  startMtlsOidcServer,
  type MtlsOidcServer,
} from '../../../test/support/mtls-oidc-server.js';
import { startMtlsServer, type MtlsServer } from '../../../test/support/mtls-server.js';
import { findLeaks } from '../../../test/support/secret-leaks.js';
import { sealAuth } from './sealed-auth.js';

let client: ClientCert;
let stranger: ClientCert;
let api: MtlsServer;
let idp: MtlsOidcServer;
// Ferry trusts the servers' certificates the way `caFile` makes it.
const rig = connectorRig('mtls', () => `${api.ca}\n${idp.ca}`);

beforeAll(async () => {
  client = createClientCert('ferry-client');
  stranger = createClientCert('stranger');
  idp = await startMtlsOidcServer({ cert: client, trusted: [client.cert, stranger.cert] });
  // The API accepts a token only when it is bound to the certificate presented with it (RFC 8705 §3).
  api = await startMtlsServer([client.cert], async (seen) => {
    const bearer = seen.authorization?.replace(/^Bearer /, '');
    if (bearer === undefined) return { status: 200, body: { cn: seen.clientCn } };
    const bound = await idp.boundThumbprint(bearer);
    return bound === seen.thumbprint ? { status: 200, body: { bound } } : { status: 401, body: {} };
  });
  await rig.open();
});
afterAll(async () => {
  await rig.close();
  await Promise.all([api.close(), idp.close()]);
});

let n = 0;
/** Stores the connector (its credentials reference the row) and runs the action on it. */
async function run(auth: AuthConfig) {
  const connector = rig.connector(`mtls-${++n}`, api.url, auth);
  const { name, createdAt, updatedAt } = connector;
  const row = { name, description: '', baseUrl: api.url, createdAt, updatedAt, testPath: null };
  await rig.storage.connectors.insert({ ...row, authJson: sealAuth(auth, rig.keyring) });
  return rig.run(connector, thingsAction());
}
const failure = rig.failure;
const pemCert = (c: ClientCert, extra: object = {}) => ({
  type: 'client_certificate' as const,
  clientCertificate: { certificate: c.cert, privateKey: c.key, ...extra },
});

describe('client_certificate against an HTTPS server that requires one', () => {
  it('presents a PEM certificate and key', async () => {
    const result = await run(pemCert(client));
    expect(result.status).toBe(200);
    expect(api.seen.at(-1)?.clientCn).toBe('ferry-client');
  });

  it('presents a PKCS#12 file opened with its passphrase, and a passphrase-protected PEM key', async () => {
    const p12 = {
      type: 'client_certificate' as const,
      clientCertificate: { pkcs12: client.pkcs12, passphrase: client.passphrase },
    };
    expect((await run(p12)).status).toBe(200);
    const encrypted = pemCert(client, {
      privateKey: client.encryptedKey.replace(/\n/g, '\\n'),
      passphrase: client.passphrase,
    });
    expect((await run(encrypted)).status).toBe(200);
    expect(api.seen.slice(-2).map((s) => s.clientCn)).toEqual(['ferry-client', 'ferry-client']);
  });

  it('trusts the server through the certificate config’s own ca', async () => {
    const own = rig.track(
      createOutboundFetch({ clientTls: { cert: client.cert, key: client.key, ca: api.ca } }),
    );
    expect((await own(`${api.url}/ca`)).status).toBe(200);
  });

  it('is refused by the server without a certificate, or with one it does not trust', async () => {
    const before = api.seen.length;
    const none = await failure(run({ type: 'none' }));
    expect(none.code).toMatch(/^ERR_OUTBOUND_(TLS|CONNECT)_FAILED$/);
    const untrusted = await failure(run(pemCert(stranger)));
    expect(untrusted.code).toMatch(/^ERR_OUTBOUND_(TLS|CONNECT)_FAILED$/);
    expect(api.seen.length).toBe(before);
  });

  it('reports a wrong passphrase clearly, before any request and without the secret', async () => {
    const wrong = {
      type: 'client_certificate' as const,
      clientCertificate: { pkcs12: client.pkcs12, passphrase: 'not-the-passphrase-93' },
    };
    expect(await rig.methods().validate(wrong)).toEqual([
      {
        path: 'auth.clientCertificate',
        code: 'invalid_certificate',
        message: 'the passphrase does not open the PKCS#12 file',
      },
    ]);
    const e = await failure(run(wrong));
    expect(e.code).toBe('ERR_AUTH_CERTIFICATE_INVALID');
    expect(e.message).toContain('passphrase does not open the PKCS#12 file');
    const mismatch = await rig.methods().validate(pemCert(client, { privateKey: stranger.key }));
    expect(mismatch[0]?.message).toBe('the private key does not belong to the certificate');
    const locked = await rig.methods().validate(pemCert(client, { privateKey: client.encryptedKey }));
    expect(locked[0]?.message).toBe('the private key is encrypted: set passphrase');
  });
});

describe('a client certificate at the token endpoint (RFC 8705)', () => {
  const cc = (extra: object): AuthConfig =>
    ({
      type: 'oauth2_client_credentials',
      oauth2TokenUrl: idp.tokenUrl,
      clientCredentialsGrantScope: 'api:read',
      ...extra,
    }) as AuthConfig;

  it('authenticates with self_signed_tls_client_auth and sends the certificate-bound token to the API', async () => {
    const auth = cc({
      clientId: MTLS_CLIENTS.selfSigned.id,
      oauth2ClientAuthentication: 'self_signed_tls_client_auth',
      clientCertificate: { certificate: client.cert, privateKey: client.key },
    });
    const result = await run(auth);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ bound: client.thumbprint });
    expect(idp.requests.at(-1)).toMatchObject({ clientId: MTLS_CLIENTS.selfSigned.id, status: 200 });
  });

  it('runs client_secret_basic over mutual TLS, and cannot reach the token endpoint without the certificate', async () => {
    const basic = {
      clientId: MTLS_CLIENTS.basic.id,
      clientSecret: MTLS_CLIENTS.basic.secret,
      oauth2ClientAuthentication: 'basic_auth_header',
    };
    const result = await run(
      cc({ ...basic, clientCertificate: { pkcs12: client.pkcs12, passphrase: client.passphrase } }),
    );
    expect(result.status).toBe(200);
    const without = await failure(run(cc(basic)));
    expect(without.code).toBe('ERR_OAUTH_TOKEN_URL_UNREACHABLE');
  });

  it('is refused as invalid_client when the certificate is not the registered one', async () => {
    const e = await failure(
      run(
        cc({
          clientId: MTLS_CLIENTS.selfSigned.id,
          oauth2ClientAuthentication: 'self_signed_tls_client_auth',
          clientCertificate: { certificate: stranger.cert, privateKey: stranger.key },
        }),
      ),
    );
    expect(e.code).toBe('ERR_OAUTH_INVALID_CLIENT');
  });
});

describe('certificate secrets', () => {
  it('are sealed in the database file, masked in the API view, and absent from logs and errors', async () => {
    const connectors = rig.connectors();
    const auth = {
      type: 'client_certificate',
      clientCertificate: { pkcs12: client.pkcs12, passphrase: client.passphrase },
    };
    const created = await connectors.create({ name: 'sealed-cert', baseUrl: api.url, auth });
    expect(redactAuth(created.auth)).toEqual({
      type: 'client_certificate',
      clientCertificate: { pkcs12: { set: true }, passphrase: { set: true } },
    });
    const file = await rig.databaseFile();
    const keyLines = [client.key, client.encryptedKey].flatMap((p) =>
      p.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')),
    );
    const secrets = [client.passphrase, client.pkcs12.slice(0, 64), ...keyLines];
    expect(findLeaks([{ where: 'database file', text: file }], secrets)).toEqual([]);
    expect(rig.errors.length).toBeGreaterThan(3);
    expect(findLeaks(rig.seenTexts(), [...secrets, 'not-the-passphrase-93'])).toEqual([]);
  });
});
