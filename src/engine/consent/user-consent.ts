// The per-user half of an authorization-code connector: stores consented tokens, revokes them, reports status.
import { ValidationError } from '../../core/errors.js';
import type { UserConsentMethod } from '../../core/ports/auth-method.js';
import type { AuthContext, ConnectorConsent } from '../../core/ports/auth.js';
import type { Logger } from '../../core/ports/logger.js';
import type { TokenManager } from '../connectors/token-manager.js';

/** The token subject of a request: the end user for per-user methods (required), '' for the connector's own. */
export function subjectOf(connector: string, perUser: boolean, ctx: AuthContext | undefined): string {
  if (!perUser) return '';
  if (ctx?.user !== undefined && ctx.user !== '') return ctx.user.toLowerCase();
  throw new ValidationError(
    `connector "${connector}" uses per-user tokens: name the user the request runs for`,
    [
      {
        path: 'user',
        code: 'required',
        message: `connector "${connector}" needs the user the action runs for`,
      },
    ],
  );
}

export function connectorConsent(
  connector: string,
  method: UserConsentMethod,
  manager: TokenManager,
  logger: Logger,
): ConnectorConsent {
  return {
    displayName: method.displayName,
    displayDescription: method.displayDescription,
    instructionsUrl: method.instructionsUrl,
    authorizationUrl: (req) => method.authorizationUrl(req),
    async complete(user, code, codeVerifier, redirectUri) {
      const obtained = await method.exchangeCode({ code, codeVerifier, redirectUri });
      await manager.store(user, obtained);
      logger.info({ connector, user, refreshToken: obtained.refreshToken !== undefined }, 'user connected');
    },
    async revoke(user) {
      const stored = await manager.stored(user);
      try {
        const outcome =
          stored === undefined
            ? { ok: true, steps: ['no tokens were stored'] }
            : await method.revoke({ refreshToken: stored.refreshToken, accessToken: stored.accessToken });
        const fields = { connector, user, ok: outcome.ok, steps: outcome.steps };
        if (outcome.ok) logger.info(fields, 'user revoked');
        else logger.warn(fields, 'user revoked; the provider did not confirm the revocation');
        return outcome;
      } finally {
        // Deleted whatever the provider said: the user asked Ferry to stop acting for them.
        await manager.forget(user);
      }
    },
    async status(user) {
      const stored = await manager.stored(user);
      if (stored === undefined) return 'not_connected';
      return stored.needsReauth ? 'needs_reconnect' : 'connected';
    },
  };
}
