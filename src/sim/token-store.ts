// Access tokens issued by the simulated POST /oauth/v1/token, and the static API keys, checked on every call.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/** The client id recorded for requests made with a static API key rather than a token. */
export const API_KEY_CLIENT_ID = 'api-key';

export type CredentialCheck =
  | { readonly kind: 'valid'; readonly clientId: string }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' };

interface Grant {
  readonly clientId: string;
  readonly expiresAtMs: number;
}

/** Expired tokens are swept once this many have been issued since the last sweep, bounding memory. */
const SWEEP_EVERY = 1_024;

export class TokenStore {
  private readonly grants = new Map<string, Grant>();
  private readonly apiKeys: ReadonlySet<string>;
  private issuedSinceSweep = 0;

  constructor(
    private readonly clock: Clock,
    apiKeys: readonly string[],
  ) {
    this.apiKeys = new Set(apiKeys);
  }

  /** A new opaque token shaped like Moveworks' (`mwt_…`), valid for `lifetimeSeconds` from now. */
  issue(clientId: string, lifetimeSeconds: number): string {
    if (++this.issuedSinceSweep >= SWEEP_EVERY) this.sweep();
    const token = `mwt_${randomBytes(24).toString('base64url')}`;
    this.grants.set(token, { clientId, expiresAtMs: this.clock.now() + lifetimeSeconds * 1_000 });
    return token;
  }

  check(credential: string): CredentialCheck {
    if (this.apiKeys.has(credential)) return { kind: 'valid', clientId: API_KEY_CLIENT_ID };
    const grant = this.grants.get(credential);
    if (grant === undefined) return { kind: 'unknown' };
    // Expired exactly at issue time + expires_in, as a client refreshing "by expires_in" would assume.
    if (this.clock.now() >= grant.expiresAtMs) return { kind: 'expired' };
    return { kind: 'valid', clientId: grant.clientId };
  }

  /** Invalidates every issued token (API keys stay valid); returns how many were live. */
  revokeAll(): number {
    const count = this.grants.size;
    this.grants.clear();
    this.issuedSinceSweep = 0;
    return count;
  }

  private sweep(): void {
    this.issuedSinceSweep = 0;
    const now = this.clock.now();
    for (const [token, grant] of this.grants) if (now >= grant.expiresAtMs) this.grants.delete(token);
  }
}
