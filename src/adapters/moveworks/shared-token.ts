// A Moveworks token shared by every worker: one token request at a time across processes, the result sealed in Redis.
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Coordination } from '../../core/ports/coordination.js';
import type { Sealer } from '../../core/ports/sealer.js';
import type { TokenShare } from './token-cache.js';
import { refreshMarginMs } from '../../core/connectors/token-margin.js';

/**
 * Named by a hash of the API URL and both credentials, so a changed secret never meets the old token; the
 * token is sealed before it leaves the process (Redis is not a place for secrets in plaintext).
 */
export function shareToken(
  deps: { coordination: Coordination; sealer: Sealer; clock: Clock },
  credentials: { apiUrl: string; clientId: string; clientSecret: string },
): TokenShare {
  const { coordination, sealer, clock } = deps;
  const name = createHash('sha256')
    .update(JSON.stringify([credentials.apiUrl, credentials.clientId, credentials.clientSecret]))
    .digest('hex');
  const key = `moveworks-token:${name}`;
  return {
    obtain: (fetchGrant, refused) =>
      coordination.exclusive(key, async () => {
        const seen = await coordination.recall(key);
        const accessToken = seen === undefined ? undefined : sealer.unseal(seen.value);
        if (seen !== undefined && accessToken !== undefined && accessToken !== refused)
          return { accessToken, refreshAtMs: clock.now() + seen.ttlMs };
        const requestedAtMs = clock.now();
        const grant = await fetchGrant();
        // Measured from when the request left, so a slow answer cannot stretch the token past its real expiry.
        const lifetimeMs = grant.expiresInSeconds * 1000;
        const refreshAtMs = requestedAtMs + lifetimeMs - refreshMarginMs(lifetimeMs);
        const ttlMs = refreshAtMs - clock.now();
        if (ttlMs > 0) await coordination.remember(key, sealer.seal(grant.accessToken), ttlMs);
        return { accessToken: grant.accessToken, refreshAtMs };
      }),
  };
}
