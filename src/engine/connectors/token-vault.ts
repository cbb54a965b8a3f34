// Token state in the CredentialStore: tokens sealed one by one in JSON, written with compare-and-set on generation.
import type { Clock } from '../../core/clock.js';
import { EndUserError, FerryError } from '../../core/errors.js';
import type { Sealer } from '../../core/ports/sealer.js';
import type { CredentialStore } from '../../core/ports/storage.js';

/** One stored credential, unsealed. Times in ms since the epoch. */
export interface VaultRecord {
  readonly accessToken?: string | undefined;
  readonly refreshToken?: string | undefined;
  readonly tokenType: string;
  readonly obtainedAt: number;
  readonly expiresAt: number | undefined;
  readonly needsReauth: boolean;
  /** The row's generation; 0 when there is no row yet. */
  readonly generation: number;
}

/** Compare-and-set attempts before giving up when other writers keep winning. */
const MAX_WRITE_ATTEMPTS = 5;

/** Thrown while the stored credential is marked needsReauth; cleared when the connector's auth is updated. */
export const needsReauth = (connector: string): FerryError =>
  new FerryError(
    'ERR_CONNECTOR_NEEDS_REAUTH',
    `connector "${connector}" needs a new refresh token: the token endpoint rejected the last one (invalid_grant); ` +
      `update the Refresh Token of connector "${connector}" and Ferry uses it from the next request`,
  );

/** A per-user connector the user has not connected, or must reconnect because the provider refused its token. */
export const consentRequired = (
  connector: string,
  user: string,
  reason: 'missing' | 'refused',
): EndUserError =>
  new EndUserError(
    'ERR_CONSENT_REQUIRED',
    reason === 'missing'
      ? `user ${user} has not connected connector "${connector}"; they connect it on the connections page`
      : `connector "${connector}" needs ${user} to reconnect: the provider refused the stored refresh token`,
    { details: { connector, user, reconnect: reason === 'refused' } },
  );

interface SealedBody {
  readonly v: 1;
  readonly tokenType: string;
  readonly obtainedAt: number;
  readonly accessToken?: string;
  readonly refreshToken?: string;
}

/** Reads and writes one connector's credentials; every token value is sealed on its own. */
export class TokenVault {
  constructor(
    private readonly connector: string,
    private readonly store: CredentialStore,
    private readonly sealer: Sealer,
    private readonly clock: Clock,
  ) {}

  async read(subject: string): Promise<VaultRecord | undefined> {
    const row = await this.store.get(this.connector, subject);
    if (row === undefined) return undefined;
    const body = JSON.parse(row.sealedJson) as Partial<SealedBody>;
    return {
      accessToken: body.accessToken === undefined ? undefined : this.sealer.unseal(body.accessToken),
      refreshToken: body.refreshToken === undefined ? undefined : this.sealer.unseal(body.refreshToken),
      tokenType: body.tokenType ?? 'bearer',
      obtainedAt: body.obtainedAt ?? 0,
      expiresAt: row.expiresAt ?? undefined,
      needsReauth: row.needsReauth,
      generation: row.generation,
    };
  }

  /**
   * Writes `next` only if the row is still at `expectedGeneration` (0 = no row). Resolves the new generation,
   * or undefined when another writer got there first.
   */
  async write(
    subject: string,
    next: Omit<VaultRecord, 'generation'>,
    expectedGeneration: number,
  ): Promise<number | undefined> {
    const body: SealedBody = {
      v: 1,
      tokenType: next.tokenType,
      obtainedAt: next.obtainedAt,
      ...(next.accessToken === undefined ? {} : { accessToken: this.sealer.seal(next.accessToken) }),
      ...(next.refreshToken === undefined ? {} : { refreshToken: this.sealer.seal(next.refreshToken) }),
    };
    const written = await this.store.compareAndSet(
      {
        connector: this.connector,
        subject,
        sealedJson: JSON.stringify(body),
        expiresAt: next.expiresAt ?? null,
        needsReauth: next.needsReauth,
        updatedAt: new Date(this.clock.now()).toISOString(),
      },
      expectedGeneration,
    );
    return written ? expectedGeneration + 1 : undefined;
  }

  /**
   * Writes a token the server just issued over whatever another writer stored meanwhile (ours is the newest),
   * keeping a refresh token they rotated when ours brought none. Resolves the new generation.
   */
  async writeOnTop(
    subject: string,
    next: Omit<VaultRecord, 'generation'>,
    expectedGeneration: number,
    broughtRefreshToken: boolean,
  ): Promise<number> {
    let record = next;
    let expected = expectedGeneration;
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const generation = await this.write(subject, record, expected);
      if (generation !== undefined) return generation;
      const latest = await this.read(subject);
      expected = latest?.generation ?? 0;
      if (!broughtRefreshToken)
        record = { ...record, refreshToken: latest?.refreshToken ?? record.refreshToken };
    }
    throw new FerryError(
      'ERR_STORAGE_FAILED',
      `connector "${this.connector}": could not store a new token, other writers kept changing it`,
    );
  }

  /** Marks the credential as needing a new refresh token; keeps what is stored otherwise, minus the access token. */
  async markNeedsReauth(subject: string): Promise<void> {
    const latest = await this.read(subject);
    const next = {
      tokenType: latest?.tokenType ?? 'bearer',
      obtainedAt: latest?.obtainedAt ?? 0,
      refreshToken: latest?.refreshToken,
      expiresAt: undefined,
      needsReauth: true,
    };
    // Losing this race leaves what the other writer stored, which is newer than what we know.
    await this.write(subject, next, latest?.generation ?? 0);
  }
}
