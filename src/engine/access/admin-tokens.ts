// Admin API tokens: random bearer tokens shown once, stored only as SHA-256 hashes.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AdminAuthError, NotFoundError } from '../../core/errors.js';
import type { Storage, StoredApiToken } from '../../core/ports/storage.js';
import { hashToken, randomToken } from './secret-tokens.js';

/** Last-used times are written at most this often per token, so reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ApiTokenView {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export class AdminTokens {
  private readonly touched = new Map<string, number>();
  constructor(
    private readonly storage: Storage,
    private readonly clock: Clock,
  ) {}

  /** Creates a token; the returned `token` is the only time its value exists outside the caller. */
  async create(name: string): Promise<ApiTokenView & { token: string }> {
    const id = randomBytes(6).toString('hex');
    const token = `fry_${id}_${randomToken()}`;
    const row: StoredApiToken = {
      id,
      name,
      hash: hashToken(token),
      createdAt: new Date(this.clock.now()).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.storage.apiTokens.insert(row);
    return { ...view(row), token };
  }

  async list(): Promise<ApiTokenView[]> {
    return (await this.storage.apiTokens.list()).map(view);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.storage.apiTokens.revoke(id, new Date(this.clock.now()).toISOString())))
      throw new NotFoundError('ERR_ADMIN_TOKEN_NOT_FOUND', `no active admin token has id "${id}"`);
  }

  /** Resolves the token's id; throws AdminAuthError for a missing, unknown or revoked token. */
  async verify(authorization: string | undefined): Promise<string> {
    if (!authorization)
      throw new AdminAuthError(
        'ERR_ADMIN_TOKEN_MISSING',
        'send an admin token as "Authorization: Bearer <token>"',
      );
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1])
      throw new AdminAuthError(
        'ERR_ADMIN_TOKEN_INVALID',
        'the Authorization header must be "Bearer <token>"',
      );
    const row = await this.storage.apiTokens.findByHash(hashToken(match[1]));
    if (!row || row.revokedAt)
      throw new AdminAuthError('ERR_ADMIN_TOKEN_INVALID', 'the admin token is unknown or revoked');
    const now = this.clock.now();
    if (now - (this.touched.get(row.id) ?? 0) > TOUCH_INTERVAL_MS) {
      this.touched.set(row.id, now);
      await this.storage.apiTokens.touch(row.id, new Date(now).toISOString());
    }
    return row.id;
  }

  /** Creates the first token when none is active; resolves it so the caller can print it once. */
  async bootstrap(): Promise<string | undefined> {
    if ((await this.storage.apiTokens.count()) > 0) return undefined;
    return (await this.create('bootstrap')).token;
  }
}

const view = (r: StoredApiToken): ApiTokenView => ({
  id: r.id,
  name: r.name,
  createdAt: r.createdAt,
  lastUsedAt: r.lastUsedAt,
  revokedAt: r.revokedAt,
});
