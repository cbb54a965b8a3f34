// What the end-user pages need from the engine, injected by the composition root.
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Connections } from '../../engine/consent/connections.js';
import type { EndUserSessions } from '../../engine/consent/end-user-sessions.js';

export interface EndUserDeps {
  readonly sessions: EndUserSessions;
  readonly connections: Connections;
  /** The URL users reach Ferry at, without a trailing slash (FERRY_PUBLIC_URL or the listening address). */
  readonly publicUrl: () => string;
  /** The Secure attribute of cookies (FERRY_COOKIE_SECURE; default: the public URL is https). */
  readonly cookieSecure: boolean;
  readonly clock: Clock;
  readonly logger: Logger;
}

export type EndUserEnv = { Variables: { user: string | undefined } };

/** Where the organisation's provider sends users back after sign-in. */
export const SIGN_IN_CALLBACK_PATH = '/auth/signin/callback';
/** Where connector providers send users back after consent (Creator Studio's callback path). */
export const OAUTH_CALLBACK_PATH = '/auth/oauthCallback';
