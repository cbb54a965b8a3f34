// End-user sign-in: the organisation's OpenID Connect provider, or a one-time link; and sign-out.
import type { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { SIGN_IN_LINK_TTL_MS } from '../../engine/consent/end-user-sessions.js';
import { SIGN_IN_CALLBACK_PATH, type EndUserDeps, type EndUserEnv } from './deps.js';
import { PAGE_HEADERS, html, page } from './html.js';
import {
  SESSION_COOKIE,
  SIGN_IN_STATE_COOKIE,
  clearCookie,
  setSessionCookie,
  setSignInStateCookie,
} from './session.js';

export function signInRoutes(app: Hono<EndUserEnv>, deps: EndUserDeps): void {
  const redirectUri = () => `${deps.publicUrl()}${SIGN_IN_CALLBACK_PATH}`;

  app.get('/auth/signin', async (c) => {
    if (c.get('user') !== undefined) return c.redirect('/connections', 303);
    if (!deps.sessions.usesOidc) {
      const body = html`<p>
          Open the sign-in link an administrator sent you. Links work once and for
          ${SIGN_IN_LINK_TTL_MS / 60_000} minutes.
        </p>
        <p>
          <small>Administrators create one with <code>ferry users link you@example.com</code>.</small>
        </p>`;
      return c.html(page('Sign in', body), 401, PAGE_HEADERS);
    }
    const { url, state } = await deps.sessions.startSignIn(redirectUri());
    setSignInStateCookie(c, deps, state);
    return c.redirect(url.href, 303);
  });

  app.get(SIGN_IN_CALLBACK_PATH, async (c) => {
    const callback = new URL(c.req.url);
    const cookieState = getCookie(c, SIGN_IN_STATE_COOKIE);
    clearCookie(c, deps, SIGN_IN_STATE_COOKIE);
    const session = await deps.sessions.finishSignIn(callback, cookieState, redirectUri());
    setSessionCookie(c, deps, session.token, session.expiresAt, deps.clock.now());
    return c.redirect('/connections', 303);
  });

  // Opening the link only shows a button: mail scanners that fetch links must not spend the one-time token.
  app.get('/auth/link', (c) => {
    const body = html`<form method="post" action="/auth/link">
      <input type="hidden" name="token" value="${c.req.query('token') ?? ''}" />
      <button type="submit">Continue to your connections</button>
    </form>`;
    return c.html(page('Sign in', body), 200, PAGE_HEADERS);
  });

  app.post('/auth/link', async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === 'string' ? form.token : '';
    const session = await deps.sessions.redeemLink(token);
    setSessionCookie(c, deps, session.token, session.expiresAt, deps.clock.now());
    return c.redirect('/connections', 303);
  });

  app.post('/auth/signout', async (c) => {
    await deps.sessions.signOut(getCookie(c, SESSION_COOKIE));
    clearCookie(c, deps, SESSION_COOKIE);
    return c.html(page('Signed out', html`<p>You are signed out.</p>`), 200, PAGE_HEADERS);
  });
}
