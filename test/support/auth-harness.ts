// One auth test bench: real oidc-provider, the protected API, SQLite in a temp dir, the real Keyring, the provider.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch as undiciFetch } from 'undici';
import { createAuthMethods } from '../../src/adapters/auth/index.js';
import { Keyring } from '../../src/adapters/crypto/keyring.js';
import { SqliteStorage } from '../../src/adapters/storage/sqlite/sqlite-storage.js';
import type { AuthConfig } from '../../src/core/connectors/auth-config.js';
import { ManualClock } from '../../src/core/clock.js';
import type { Connector } from '../../src/core/connectors/connector.js';
import type {
  AppliedCredential,
  ConnectorAuth,
  ConnectorAuthProvider,
  PreparedRequest,
} from '../../src/core/ports/auth.js';
import type { OutboundFetch } from '../../src/core/ports/outbound.js';
import type { CredentialStore } from '../../src/core/ports/storage.js';
import { SecretScrubber } from '../../src/core/secret-scrubber.js';
import { createConnectorAuthProvider } from '../../src/engine/connectors/connector-auth-provider.js';
import { sealAuth } from '../../src/engine/connectors/sealed-auth.js';
import { captureLogger, type CapturedLogger } from './capture-logger.js';
import { caught } from './secret-leaks.js';
import { ASSERTION_ISSUER, CLIENTS, RESOURCE_OWNER } from './oidc-clients.js';
import { startOidcServer, type OidcServer } from './oidc-server.js';
import { startResourceServer, type ResourceServer } from './resource-server.js';

/** Credentials of the static methods, and the HS256 secret; test-only values. */
export const STATIC_SECRETS = {
  apiKey: 'api-key-3f9a7c2e1d5b8a64e0',
  basic: { username: 'grace', password: 'pässwörd £ 1906' },
  hsSecret: 'hs256-shared-secret-for-ferry-tests-7c1e9a',
} as const;

/** `aud` of JWTs sent straight to the API as bearer tokens. */
export const API_AUDIENCE = 'urn:ferry-test:api';

export interface AuthHarness {
  readonly clock: ManualClock;
  readonly scrubber: SecretScrubber;
  readonly logger: CapturedLogger;
  readonly storage: SqliteStorage;
  /** The SQLite file (and its -wal beside it), to prove no secret is stored in plaintext. */
  readonly dbPath: string;
  readonly keyring: Keyring;
  readonly oidc: OidcServer;
  readonly api: ResourceServer;
  readonly provider: ConnectorAuthProvider;
  /** PKCS#8 PEM private keys whose public halves the API and the token endpoint trust. */
  readonly pem: { readonly RS256: string; readonly ES256: string };
  /** Errors collected by `failure`, for the leak check. */
  readonly errors: unknown[];
  /** Inserts the connector row (credentials reference it) and returns the Connector. */
  connector(name: string, auth: AuthConfig): Promise<Connector>;
  /** A new provider on the same storage (or `credentials` wrapping it), as another process or a restart has. */
  newProvider(credentials?: CredentialStore): ConnectorAuthProvider;
  /** Authorizes a GET to the API, logs it the way an action runner would, sends it. */
  call(
    auth: ConnectorAuth,
    path?: string,
  ): Promise<{ status: number; applied: AppliedCredential; req: PreparedRequest }>;
  /** Awaits a rejection and keeps the error. */
  failure(promise: Promise<unknown>): Promise<Error & { code?: string }>;
  /** A refresh token from the server, remembered as a secret. */
  issueRefreshToken(): Promise<string>;
  /** Every secret value the bench used or saw: configured secrets, keys, tokens, assertions. */
  secrets(): Promise<string[]>;
  close(): Promise<void>;
}

const outboundFetch: OutboundFetch = (url, init) => undiciFetch(url, init as never);

const pemPair = (type: 'rsa' | 'ec'): { pem: string; publicKey: KeyObject } => {
  const { privateKey, publicKey } =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
};

export async function startAuthHarness(): Promise<AuthHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-auth-'));
  const dbPath = join(dir, 'ferry.db');
  const storage = new SqliteStorage(dbPath);
  await storage.migrate();
  const keyring = new Keyring([randomBytes(32)]);
  const clock = new ManualClock(Date.now());
  const scrubber = new SecretScrubber();
  const logger = captureLogger(scrubber);
  const oidc = await startOidcServer({ clock });
  const rs = pemPair('rsa');
  const es = pemPair('ec');
  const verifyKeys = {
    HS256: new TextEncoder().encode(STATIC_SECRETS.hsSecret),
    RS256: rs.publicKey,
    ES256: es.publicKey,
  };
  Object.assign(oidc.assertionKeys, verifyKeys);
  const api = await startResourceServer({
    isActiveToken: (t) => oidc.isActive(t),
    apiKey: STATIC_SECRETS.apiKey,
    basic: STATIC_SECRETS.basic,
    jwtKeys: verifyKeys,
    jwtIssuer: ASSERTION_ISSUER,
    jwtAudience: API_AUDIENCE,
    clock,
  });
  const methods = createAuthMethods({ fetch: outboundFetch, clock, scrubber });
  const newProvider = (credentials: CredentialStore = storage.credentials): ConnectorAuthProvider =>
    createConnectorAuthProvider({ methods, credentials, sealer: keyring, clock, scrubber, logger });
  const errors: unknown[] = [];
  const refreshTokens: string[] = [];
  const names: string[] = [];

  return {
    clock,
    scrubber,
    logger,
    storage,
    dbPath,
    keyring,
    oidc,
    api,
    provider: newProvider(),
    pem: { RS256: rs.pem, ES256: es.pem },
    errors,
    newProvider,
    async connector(name, auth) {
      const at = new Date(clock.now()).toISOString();
      const row = {
        name,
        description: '',
        baseUrl: api.url,
        authJson: sealAuth(auth, keyring),
        testPath: null,
      };
      if (!(await storage.connectors.insert({ ...row, createdAt: at, updatedAt: at })))
        throw new Error(`${name} exists`);
      names.push(name);
      return { name, description: '', baseUrl: api.url, auth, createdAt: at, updatedAt: at };
    },
    async call(auth, path = '/things') {
      const req: PreparedRequest = {
        method: 'GET',
        url: new URL(path, api.url),
        headers: { accept: 'application/json' },
      };
      const applied = await auth.authorize(req);
      logger.info({ url: req.url.href, headers: req.headers }, 'calling the API');
      const res = await undiciFetch(req.url, { method: req.method, headers: req.headers });
      await res.text();
      return { status: res.status, applied, req };
    },
    failure: (promise) => caught(promise, errors),
    async issueRefreshToken() {
      const token = await oidc.issueRefreshToken();
      refreshTokens.push(token);
      return token;
    },
    async secrets() {
      const stored: string[] = [];
      for (const name of names) {
        const row = await storage.credentials.get(name, '');
        const body = row === undefined ? {} : (JSON.parse(row.sealedJson) as Record<string, unknown>);
        for (const v of Object.values(body))
          if (typeof v === 'string' && v.startsWith('fsv1.')) stored.push(keyring.unseal(v));
      }
      const pemLines = [rs.pem, es.pem].flatMap((p) =>
        p.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----')),
      );
      return [
        ...Object.values(CLIENTS).map((c) => c.secret),
        RESOURCE_OWNER.password,
        STATIC_SECRETS.apiKey,
        STATIC_SECRETS.basic.password,
        STATIC_SECRETS.hsSecret,
        ...pemLines,
        ...refreshTokens,
        ...stored,
        ...oidc.assertions,
        ...api.seen.flatMap((s) => (s.token === undefined ? [] : [s.token])),
      ].filter((s) => s.length >= 8);
    },
    async close() {
      await Promise.all([oidc.close(), api.close()]);
      await storage.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
