// Token lifecycle against the real oidc-provider: single-flight, refresh margins, 401 once, rotation races, restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfig } from '../../core/connectors/auth-config.js';
import type { CredentialStore, StoredCredential } from '../../core/ports/storage.js';
import { STATIC_SECRETS, startAuthHarness, type AuthHarness } from '../../../test/support/auth-harness.js';
import { authInputs } from '../../../test/support/auth-inputs.js';
import { CLIENTS, type TestClient } from '../../../test/support/oidc-clients.js';
import { errorText, findLeaks } from '../../../test/support/secret-leaks.js';
import { TokenVault } from './token-vault.js';

let h: AuthHarness;
beforeAll(async () => {
  h = await startAuthHarness();
});
afterAll(async () => {
  await h.close();
});

const SECOND = 1_000;
const inputs = authInputs(() => h);
const cc = (client: TestClient): unknown => inputs.cc(client, 'basic_auth_header');
const refresh = (refreshToken: string): unknown => ({
  type: 'oauth2_refresh_token',
  clientId: CLIENTS.refresh.id,
  clientSecret: CLIENTS.refresh.secret,
  oauth2TokenUrl: h.oidc.tokenUrl,
  refreshToken,
});
const connect = async (name: string, input: unknown, credentials?: CredentialStore) => {
  const connector = await h.connector(name, authConfig.parse(input));
  return (credentials ? h.newProvider(credentials) : h.provider).forConnector(connector);
};
/** Token requests made from here on. */
const tokenRequests = (): (() => number) => {
  const from = h.oidc.requests.length;
  return () => h.oidc.requests.length - from;
};
const request = () => ({
  method: 'GET',
  url: new URL('/things', h.api.url),
  headers: {} as Record<string, string>,
});
const storedRefreshToken = async (name: string): Promise<string | undefined> =>
  (await new TokenVault(name, h.storage.credentials, h.keyring, h.clock).read(''))?.refreshToken;

/** The store as it is, except that the first read returns what was there, then `meanwhile` runs before it returns. */
function raceOnFirstRead(meanwhile: (stale: StoredCredential | undefined) => Promise<void>): CredentialStore {
  let armed = true;
  return {
    get: async (connector, subject) => {
      const stale = await h.storage.credentials.get(connector, subject);
      if (armed) {
        armed = false;
        await meanwhile(stale);
      }
      return stale;
    },
    compareAndSet: (next, expected) => h.storage.credentials.compareAndSet(next, expected),
    delete: (connector, subject) => h.storage.credentials.delete(connector, subject),
  };
}

describe('single-flight', () => {
  it('makes exactly one token request for 1,000 concurrent authorize() calls on a cold cache', async () => {
    const auth = await connect('flight-cc', cc(CLIENTS.basic));
    const count = tokenRequests();
    const applied = await Promise.all(Array.from({ length: 1_000 }, () => auth.authorize(request())));
    expect(count()).toBe(1);
    expect(new Set(applied.map((a) => a.generation))).toEqual(new Set([1]));
  });

  it('spends a rotating refresh token once for 1,000 concurrent calls', async () => {
    const auth = await connect('flight-rt', refresh(await h.issueRefreshToken()));
    const count = tokenRequests();
    const requests = Array.from({ length: 1_000 }, request);
    await Promise.all(requests.map((r) => auth.authorize(r)));
    expect(count()).toBe(1);
    expect(new Set(requests.map((r) => r.headers.Authorization)).size).toBe(1);
  });
});

describe('refresh before expiry', () => {
  it.each([
    { ttl: 60, name: 'short', client: CLIENTS.short, stillFresh: 53, stale: 55 },
    { ttl: 3600, name: 'hour', client: CLIENTS.basic, stillFresh: 3_299, stale: 3_301 },
  ])('refreshes a $ttl s token only inside its margin', async ({ name, client, stillFresh, stale }) => {
    const auth = await connect(`margin-${name}`, cc(client));
    const count = tokenRequests();
    const start = h.clock.now();
    await auth.authorize(request());
    h.clock.set(start + stillFresh * SECOND);
    await auth.authorize(request());
    expect(count()).toBe(1);
    h.clock.set(start + stale * SECOND);
    await auth.authorize(request());
    expect(count()).toBe(2);
  });

  it('signs a local JWT again before it expires, without any token request', async () => {
    const input = { type: 'jwt', algorithm: 'HS256', privateKey: STATIC_SECRETS.hsSecret, expirySeconds: 60 };
    const auth = await connect('jwt-resign', input);
    const count = tokenRequests();
    const first = request();
    await auth.authorize(first);
    const again = request();
    await auth.authorize(again);
    h.clock.advance(55 * SECOND);
    const later = request();
    await auth.authorize(later);
    expect(again.headers.Authorization).toBe(first.headers.Authorization);
    expect(later.headers.Authorization).not.toBe(first.headers.Authorization);
    expect(count()).toBe(0);
  });
});

describe('401 from the API', () => {
  it('drops exactly the rejected token once; a repeated report for it causes no token request', async () => {
    const auth = await connect('reject-cc', cc(CLIENTS.basic));
    const count = tokenRequests();
    const first = await h.call(auth);
    const firstToken = h.api.seen.at(-1)?.token;
    h.api.rejectOnce(firstToken!);
    const refused = await h.call(auth);
    expect([first.status, refused.status]).toEqual([200, 401]);
    expect(refused.applied).toEqual(first.applied);

    expect(await auth.rejected(refused.applied)).toBe(true);
    const retried = await h.call(auth);
    expect(retried.status).toBe(200);
    expect(h.api.seen.at(-1)?.token).not.toBe(firstToken);
    expect(count()).toBe(2);

    expect(await auth.rejected(refused.applied)).toBe(true);
    const after = await h.call(auth);
    expect(after.applied).toEqual(retried.applied);
    expect(count()).toBe(2);
  });

  it('answers false for static credentials, so the caller does not retry', async () => {
    const auth = await connect('reject-static', { type: 'bearer', apiKey: STATIC_SECRETS.apiKey });
    const { applied } = await h.call(auth);
    expect(await auth.rejected(applied)).toBe(false);
  });
});

describe('stored tokens', () => {
  it('are sealed and reused after a restart without a token request', async () => {
    const connector = await h.connector('restart-cc', authConfig.parse(cc(CLIENTS.basic)));
    const { req } = await h.call(h.provider.forConnector(connector));
    const token = (req.headers.Authorization ?? '').slice('Bearer '.length);
    expect((await h.storage.credentials.get('restart-cc', ''))?.sealedJson).not.toContain(token);
    const count = tokenRequests();
    const again = request();
    await h.newProvider().forConnector(connector).authorize(again);
    expect(again.headers.Authorization).toBe(`Bearer ${token}`);
    expect(count()).toBe(0);
  });
});

describe('invalid_grant after another process rotated the refresh token', () => {
  it('re-reads the store and uses the access token the other process stored', async () => {
    const connector = await h.connector('race-token', authConfig.parse(refresh(await h.issueRefreshToken())));
    await h.call(h.provider.forConnector(connector));
    h.clock.advance(3_600 * SECOND);
    const stale = (await h.storage.credentials.get('race-token', ''))!;
    const staleRefresh = (await storedRefreshToken('race-token'))!;
    const store = raceOnFirstRead(async () => {
      // Another process refreshes first (rotating the refresh token) and stores its result.
      await h.newProvider().forConnector(connector).check();
      // Our stale token is then unknown to the server, as on servers without reuse detection.
      await h.oidc.forgetRefreshToken(staleRefresh);
    });
    const auth = h.newProvider(store).forConnector(connector);
    const count = tokenRequests();
    expect((await h.call(auth)).status).toBe(200);
    expect(h.oidc.requests.slice(-count()).map((r) => r.status)).toEqual([200, 400]);
    expect((await h.storage.credentials.get('race-token', ''))!.generation).toBe(stale.generation + 1);
  });

  it('retries once with the newer stored refresh token', async () => {
    const mine = await h.issueRefreshToken();
    const theirs = await h.issueRefreshToken();
    const store = raceOnFirstRead(async (stale) => {
      const vault = new TokenVault('race-refresh', h.storage.credentials, h.keyring, h.clock);
      const newer = {
        refreshToken: theirs,
        tokenType: 'bearer',
        obtainedAt: h.clock.now(),
        expiresAt: undefined,
      };
      await vault.write('', { ...newer, needsReauth: false }, stale?.generation ?? 0);
      await h.oidc.forgetRefreshToken(mine);
    });
    const auth = await connect('race-refresh', refresh(mine), store);
    const count = tokenRequests();
    expect((await h.call(auth)).status).toBe(200);
    expect(h.oidc.requests.slice(-count()).map((r) => r.status)).toEqual([400, 200]);
    const stored = await h.storage.credentials.get('race-refresh', '');
    expect(stored?.needsReauth).toBe(false);
    expect([mine, theirs]).not.toContain(await storedRefreshToken('race-refresh'));
  });

  it('marks the connector for re-authorization when the newer one is refused too', async () => {
    const mine = await h.issueRefreshToken();
    const store = raceOnFirstRead(async (stale) => {
      const vault = new TokenVault('race-dead', h.storage.credentials, h.keyring, h.clock);
      const newer = {
        refreshToken: 'revoked-refresh-token-0c4f',
        tokenType: 'bearer',
        obtainedAt: 0,
        expiresAt: undefined,
      };
      await vault.write('', { ...newer, needsReauth: false }, stale?.generation ?? 0);
      await h.oidc.forgetRefreshToken(mine);
    });
    const auth = await connect('race-dead', refresh(mine), store);
    const count = tokenRequests();
    const error = await h.failure(auth.check());
    expect(error.code).toBe('ERR_OAUTH_INVALID_GRANT');
    expect(count()).toBe(2);
    expect((await h.storage.credentials.get('race-dead', ''))?.needsReauth).toBe(true);
    expect((await h.failure(auth.authorize(request()))).code).toBe('ERR_CONNECTOR_NEEDS_REAUTH');
    expect(count()).toBe(2);
  });
});

describe('cancellation', () => {
  it('rejects a caller whose signal aborted while the shared token request goes on', async () => {
    const auth = await connect('abort-cc', cc(CLIENTS.basic));
    const controller = new AbortController();
    const pending = auth.authorize(request(), { signal: controller.signal });
    const other = auth.authorize(request());
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
    await expect(other).resolves.toEqual({ generation: 1 });
  });
});

describe('secrets', () => {
  it('never appear in the logs or in any error of this suite', async () => {
    const texts = [
      ...h.logger.lines.map((text, i) => ({ where: `log line ${i}`, text })),
      ...h.errors.map((e, i) => ({ where: `error ${i}`, text: errorText(e) })),
    ];
    expect(findLeaks(texts, await h.secrets())).toEqual([]);
  });
});
