// Pending authorization requests: a random `state` (stored hashed) bound to a user, single-use, 10 minutes.
import type { Clock } from '../../core/clock.js';
import { OAuthError } from '../../core/errors.js';
import type { AuthorizationStateStore, StoredAuthorizationState } from '../../core/ports/end-user-storage.js';
import type { Sealer } from '../../core/ports/sealer.js';
import { hashToken, randomToken } from '../access/secret-tokens.js';

/** How long a user has between clicking Connect (or Sign in) and coming back to the callback. */
export const STATE_TTL_MS = 10 * 60_000;

export interface Begun {
  readonly state: string;
  readonly codeVerifier: string;
}

export interface Expected {
  readonly purpose: StoredAuthorizationState['purpose'];
  /** The signed-in user the state must belong to ('' for sign-in, which is bound by a cookie instead). */
  readonly email: string;
}

export class AuthorizationStates {
  constructor(
    private readonly store: AuthorizationStateStore,
    private readonly sealer: Sealer,
    private readonly clock: Clock,
  ) {}

  async begin(purpose: Expected['purpose'], email: string, connector: string): Promise<Begun> {
    const state = randomToken();
    const codeVerifier = randomToken();
    const now = this.clock.now();
    await this.store.insert(
      {
        stateHash: hashToken(state),
        purpose,
        email,
        connector,
        sealedVerifier: this.sealer.seal(codeVerifier),
        expiresAt: now + STATE_TTL_MS,
      },
      now,
    );
    return { state, codeVerifier };
  }

  /**
   * Uses up `state` and returns its connector and code verifier. Throws ERR_OAUTH_STATE_INVALID (unknown,
   * forged, or another user's), ERR_OAUTH_STATE_USED (replayed) or ERR_OAUTH_STATE_EXPIRED.
   */
  async take(
    state: string | undefined,
    expected: Expected,
  ): Promise<{ connector: string; codeVerifier: string }> {
    const invalid = new OAuthError(
      'ERR_OAUTH_STATE_INVALID',
      'the state of this callback is unknown to Ferry or belongs to another sign-in; start again',
    );
    if (state === undefined || state === '') throw invalid;
    const now = this.clock.now();
    const taken = await this.store.take(hashToken(state), now);
    if (taken === undefined) throw invalid;
    const { row, firstUse } = taken;
    if (row.purpose !== expected.purpose || row.email !== expected.email) throw invalid;
    if (!firstUse)
      throw new OAuthError(
        'ERR_OAUTH_STATE_USED',
        'this callback was already used (a state works once); start again',
      );
    if (row.expiresAt <= now)
      throw new OAuthError(
        'ERR_OAUTH_STATE_EXPIRED',
        `more than ${STATE_TTL_MS / 60_000} minutes passed since the request started; start again`,
      );
    return { connector: row.connector, codeVerifier: this.sealer.unseal(row.sealedVerifier) };
  }
}
