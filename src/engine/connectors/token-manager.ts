// Token lifecycle of one connector: cache per subject, refresh before expiry, single-flight, sealed storage, 401 drop.
import type { Clock } from '../../core/clock.js';
import { isFerryError } from '../../core/errors.js';
import type { ObtainedToken, TokenAuthMethod } from '../../core/ports/auth-method.js';
import type { Coordination } from '../../core/ports/coordination.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Sealer } from '../../core/ports/sealer.js';
import type { CredentialStore } from '../../core/ports/storage.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { isFresh, type TokenTimes } from '../../core/connectors/token-margin.js';
import { TokenVault, consentRequired, needsReauth, type VaultRecord } from './token-vault.js';

/** What keeping tokens takes, the same for every connector. */
export interface TokenKeeping {
  /** Where tokens are kept, sealed, across restarts and processes. */
  readonly credentials: CredentialStore;
  readonly sealer: Sealer;
  /** Decides token expiry; never the wall clock directly. */
  readonly clock: Clock;
  /** Learns every configured secret and every token obtained. */
  readonly scrubber: SecretScrubber;
  readonly logger: Logger;
  /**
   * With it, a refresh is one flight across every process: the lock is held while the store is read again and,
   * only if it still holds no fresh token, a new one is obtained and stored. Without it, one per process.
   */
  readonly coordination?: Coordination;
}

export interface TokenManagerDeps extends TokenKeeping {
  readonly connector: string;
  readonly method: TokenAuthMethod;
}

/** A token ready to go on a request. */
export interface ActiveToken extends TokenTimes {
  readonly accessToken: string;
  /** Names this token, so a 401 drops exactly it (the stored row's generation; a counter for local tokens). */
  readonly generation: number;
  /** What obtaining it took; empty when it came from the store. */
  readonly steps: readonly string[];
}

const isInvalidGrant = (e: unknown): boolean => isFerryError(e) && e.code === 'ERR_OAUTH_INVALID_GRANT';

const expiryOf = (seconds: number | undefined, now: number): number | undefined =>
  seconds === undefined ? undefined : now + seconds * 1000;

type Named = TokenTimes & { readonly accessToken: string; readonly generation: number };
const active = (
  { accessToken, generation, obtainedAt, expiresAt }: Named,
  steps: readonly string[],
): ActiveToken => ({
  accessToken,
  generation,
  obtainedAt,
  expiresAt,
  steps,
});

export class TokenManager {
  private readonly cache = new Map<string, ActiveToken>();
  private readonly flights = new Map<string, Promise<ActiveToken>>();
  private readonly vault: TokenVault;
  private localGeneration = 0;

  constructor(private readonly deps: TokenManagerDeps) {
    this.vault = new TokenVault(deps.connector, deps.credentials, deps.sealer, deps.clock);
  }

  /** A fresh token for `subject` ('' = the connector's own); `force` obtains a new one. Concurrent callers share one request. */
  token(subject: string, force = false): Promise<ActiveToken> {
    const cached = this.cache.get(subject);
    if (!force && cached !== undefined && isFresh(cached, this.deps.clock.now()))
      return Promise.resolve(cached);
    const running = this.flights.get(subject);
    if (running !== undefined) return running;
    const { coordination, connector, method } = this.deps;
    const shared = coordination !== undefined && !method.local;
    const load = () => this.load(subject, force);
    const flight = (
      shared ? coordination.exclusive(`connector-token:${connector}:${subject}`, load) : load()
    ).finally(() => this.flights.delete(subject));
    this.flights.set(subject, flight);
    return flight;
  }

  /** The API answered 401 to the token of `generation`: forget exactly that one, here and in the store. */
  async drop(subject: string, generation: number): Promise<void> {
    const cached = this.cache.get(subject);
    if (cached !== undefined && cached.generation !== generation) return;
    this.cache.delete(subject);
    if (this.deps.method.local) return;
    const stored = await this.vault.read(subject);
    if (stored?.generation !== generation || stored.accessToken === undefined) return;
    // Losing this race means another writer already replaced the token, which is what we want.
    await this.vault.write(subject, { ...stored, accessToken: undefined, expiresAt: undefined }, generation);
  }

  /** Stores tokens obtained outside the refresh cycle (a user's authorization code), over whatever was stored. */
  async store(subject: string, obtained: ObtainedToken): Promise<void> {
    this.cache.delete(subject);
    const current = await this.vault.read(subject);
    // A new consent starts afresh: a refresh token of an earlier grant must not outlive it.
    await this.obtainedAndStore(subject, obtained, current && { ...current, refreshToken: undefined });
  }

  /** The stored tokens of `subject`, unsealed; undefined when there are none. */
  stored(subject: string): Promise<VaultRecord | undefined> {
    return this.vault.read(subject);
  }

  /** Forgets `subject`'s tokens here and in the store (a user revoked their consent). */
  async forget(subject: string): Promise<void> {
    this.cache.delete(subject);
    await this.deps.credentials.delete(this.deps.connector, subject);
  }

  private reauthError(subject: string, reason: 'missing' | 'refused'): Error {
    if (this.deps.method.consent === undefined) return needsReauth(this.deps.connector);
    return consentRequired(this.deps.connector, subject, reason);
  }

  private async load(subject: string, force: boolean): Promise<ActiveToken> {
    if (this.deps.method.local) return this.obtainLocal(subject);
    const stored = await this.vault.read(subject);
    if (stored?.needsReauth === true) throw this.reauthError(subject, 'refused');
    if (this.deps.method.consent !== undefined && stored === undefined)
      throw this.reauthError(subject, 'missing');
    if (!force && stored?.accessToken !== undefined && isFresh(stored, this.deps.clock.now()))
      return this.remember(subject, active({ ...stored, accessToken: stored.accessToken }, []));
    try {
      return await this.obtainAndStore(subject, stored);
    } catch (e) {
      if (!this.deps.method.usesRefreshToken || !isInvalidGrant(e)) throw e;
      return this.recoverFromInvalidGrant(subject, stored, e);
    }
  }

  /** Another process may have rotated the refresh token after we read it: re-read, retry once with the newer one. */
  private async recoverFromInvalidGrant(
    subject: string,
    used: VaultRecord | undefined,
    error: unknown,
  ): Promise<ActiveToken> {
    const latest = await this.vault.read(subject);
    const newer = latest !== undefined && !latest.needsReauth && latest.refreshToken !== undefined;
    if (newer && latest.refreshToken !== used?.refreshToken) {
      if (latest.accessToken !== undefined && isFresh(latest, this.deps.clock.now()))
        return this.remember(subject, active({ ...latest, accessToken: latest.accessToken }, []));
      this.deps.logger.warn(
        { connector: this.deps.connector, subject },
        'refresh token refused; retrying with the newer stored one',
      );
      try {
        return await this.obtainAndStore(subject, latest);
      } catch (retryError) {
        if (!isInvalidGrant(retryError)) throw retryError;
        error = retryError;
      }
    }
    this.cache.delete(subject);
    await this.vault.markNeedsReauth(subject);
    this.deps.logger.error(
      { connector: this.deps.connector, subject },
      'refresh token refused; needs a new one',
    );
    throw this.deps.method.consent === undefined ? error : this.reauthError(subject, 'refused');
  }

  private async obtainAndStore(subject: string, basis: VaultRecord | undefined): Promise<ActiveToken> {
    const obtained = await this.deps.method.obtain({ refreshToken: basis?.refreshToken });
    return this.obtainedAndStore(subject, obtained, basis);
  }

  private async obtainedAndStore(
    subject: string,
    obtained: ObtainedToken,
    basis: VaultRecord | undefined,
  ): Promise<ActiveToken> {
    this.deps.scrubber.addShortLived(obtained.accessToken, obtained.refreshToken);
    const now = this.deps.clock.now();
    const record = {
      accessToken: obtained.accessToken,
      // RFC 6749 §6: without a new refresh_token in the response the old one stays valid.
      refreshToken: obtained.refreshToken ?? basis?.refreshToken,
      tokenType: obtained.tokenType,
      obtainedAt: now,
      expiresAt: expiryOf(obtained.expiresInSeconds, now),
      needsReauth: false,
    };
    // Stored before use: a rotated refresh token must not be lost if this process dies right after.
    const brought = obtained.refreshToken !== undefined;
    const generation = await this.vault.writeOnTop(subject, record, basis?.generation ?? 0, brought);
    const { connector, logger } = this.deps;
    logger.info(
      { connector, subject, generation, expiresInSeconds: obtained.expiresInSeconds },
      'obtained a token',
    );
    return this.remember(subject, active({ ...record, generation }, obtained.steps));
  }

  private async obtainLocal(subject: string): Promise<ActiveToken> {
    const obtained = await this.deps.method.obtain();
    this.deps.scrubber.addShortLived(obtained.accessToken);
    const now = this.deps.clock.now();
    const expiresAt = expiryOf(obtained.expiresInSeconds, now);
    const generation = ++this.localGeneration;
    return this.remember(
      subject,
      active({ accessToken: obtained.accessToken, generation, obtainedAt: now, expiresAt }, obtained.steps),
    );
  }

  private remember(subject: string, token: ActiveToken): ActiveToken {
    this.cache.set(subject, token);
    return token;
  }
}
