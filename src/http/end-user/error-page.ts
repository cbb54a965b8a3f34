// Turns an error on an end-user page into an HTML page that says what happened and how to retry.
import type { ErrorCode, FerryError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.js';
import { ERROR_STATUS } from '../error-status.js';
import { toFerryError } from '../problem.js';
import { SIGN_IN_LINK_TTL_MS } from '../../engine/consent/end-user-sessions.js';
import { PAGE_HEADERS, html, page, type Html } from './html.js';

const BACK = 'Go back to your connections and click Connect (or Reconnect) to start again.';

/** Title and retry advice for the errors users meet in the consent flow. */
const ADVICE: Partial<Record<ErrorCode, { title: string; retry: string }>> = {
  ERR_OAUTH_CONSENT_DENIED: {
    title: 'Access was not granted',
    retry: `Nothing was stored. If you declined by mistake: ${BACK}`,
  },
  ERR_OAUTH_STATE_INVALID: {
    title: 'This response does not belong to you',
    retry: `The link was not started by you in this session, or it was altered. ${BACK}`,
  },
  ERR_OAUTH_REVOKE_FAILED: { title: 'Revocation not confirmed', retry: BACK },
  ERR_OAUTH_STATE_EXPIRED: { title: 'This request expired', retry: BACK },
  ERR_OAUTH_STATE_USED: { title: 'This response was already used', retry: BACK },
  ERR_OAUTH_INVALID_GRANT: {
    title: 'The authorization code was refused',
    retry: `The provider says the code was already used or has expired. ${BACK}`,
  },
  ERR_USER_SIGN_IN_REQUIRED: {
    title: 'Sign in first',
    retry: 'Sign in with your organisation account, or with the sign-in link an administrator sent you.',
  },
  ERR_USER_SIGN_IN_LINK_INVALID: {
    title: 'This sign-in link does not work',
    retry: `Links work once and for ${SIGN_IN_LINK_TTL_MS / 60_000} minutes. Ask an administrator for a new one.`,
  },
  ERR_USER_SIGN_IN_FAILED: { title: 'Sign-in failed', retry: 'Try again from the start page: /auth/signin' },
  ERR_USER_ORIGIN_REJECTED: {
    title: 'Form refused',
    retry: 'The form was not sent from a Ferry page. Open /connections and try again.',
  },
};

/** The page for `error`; `retry` replaces the standard advice when the case has its own (a link to follow). */
export function errorPage(error: FerryError, user?: string, retry?: Html): Response {
  const advice = ADVICE[error.code] ?? { title: 'Something went wrong', retry: BACK };
  const body = html`<p>${error.message}</p>
    ${retry ?? html`<p>${advice.retry}</p>`}
    <p><a href="/connections">Back to your connections</a></p>
    <p>
      <small>Error code: <code>${error.code}</code></small>
    </p>`;
  return new Response(page(advice.title, body, user), {
    status: ERROR_STATUS[error.code],
    headers: PAGE_HEADERS,
  });
}

/** For `onError`: any thrown value as a page; unexpected errors are logged and shown without details. */
export const anyErrorPage = (error: unknown, logger: Logger, user?: string): Response =>
  errorPage(toFerryError(error, logger), user);
