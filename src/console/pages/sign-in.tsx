// Sign-in with an admin API token, which opens a server-side session behind an HttpOnly, SameSite=Strict cookie.
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isFerryError } from '../../core/errors.js';
import { newLoginNonce, sameSecret, SESSION_TTL_MS } from '../console-sessions.js';
import { CONSOLE_BASE, SESSION_COOKIE, type ConsoleDeps, type RegisterPage } from '../deps.js';
import { Frame, Notice } from '../layout.js';

/** Double-submit cookie against login CSRF (someone signing a browser in to their own Ferry). */
const LOGIN_COOKIE = 'ferry_console_login';

const cookie = (deps: ConsoleDeps, maxAgeSeconds: number) =>
  ({
    path: CONSOLE_BASE,
    httpOnly: true,
    sameSite: 'Strict',
    secure: deps.endUser.cookieSecure,
    maxAge: maxAgeSeconds,
  }) as const;

function signInPage(c: Context, deps: ConsoleDeps, problem?: string, status: 200 | 401 | 403 = 200) {
  const nonce = newLoginNonce();
  setCookie(c, LOGIN_COOKIE, nonce, cookie(deps, 600));
  return c.html(
    <Frame title="Sign in">
      {problem !== undefined && <Notice ok={false}>{problem}</Notice>}
      <form method="post" action={`${CONSOLE_BASE}/sign-in`} class="card">
        <input type="hidden" name="_csrf" value={nonce} />
        <label>
          Admin API token
          <input name="token" type="password" autocomplete="off" required />
        </label>
        <p class="hint">The first start of Ferry prints one; `ferry tokens create` makes more.</p>
        <button type="submit">Sign in</button>
      </form>
    </Frame>,
    status,
  );
}

export const signIn: RegisterPage = (app, deps) => {
  app.get('/sign-in', (c) => signInPage(c, deps));

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const nonce = getCookie(c, LOGIN_COOKIE);
    deleteCookie(c, LOGIN_COOKIE, { path: CONSOLE_BASE });
    if (nonce === undefined || !sameSecret(typeof form._csrf === 'string' ? form._csrf : undefined, nonce))
      return signInPage(c, deps, 'The sign-in form expired; please try again.', 403);
    const token = typeof form.token === 'string' ? form.token.trim() : '';
    let tokenId: string;
    try {
      tokenId = await deps.tokens.verify(`Bearer ${token}`);
    } catch (err) {
      // The message names no token: AdminTokens never puts one in it.
      if (!isFerryError(err)) throw err;
      return signInPage(c, deps, 'That admin token is unknown or revoked.', 401);
    }
    const session = deps.sessions.open(tokenId);
    setCookie(c, SESSION_COOKIE, session.id, cookie(deps, SESSION_TTL_MS / 1_000));
    return c.redirect(`${CONSOLE_BASE}/monitoring`, 303);
  });

  app.post('/sign-out', (c) => {
    deps.sessions.end(c.get('session').id);
    deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_BASE, secure: deps.endUser.cookieSecure });
    return c.redirect(`${CONSOLE_BASE}/sign-in`, 303);
  });
};
