// Session cookies of end users (HttpOnly, SameSite=Lax, Secure behind https) and the Origin check on form posts.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { EndUserError } from '../../core/errors.js';
import { STATE_TTL_MS } from '../../engine/consent/authorization-states.js';
import type { EndUserDeps, EndUserEnv } from './deps.js';

export const SESSION_COOKIE = 'ferry_session';
export const SIGN_IN_STATE_COOKIE = 'ferry_signin';

const cookieOptions = (deps: EndUserDeps, maxAgeSeconds: number) =>
  ({
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: deps.cookieSecure,
    maxAge: maxAgeSeconds,
  }) as const;

export function setSessionCookie(
  c: Context,
  deps: EndUserDeps,
  token: string,
  expiresAt: number,
  now: number,
): void {
  setCookie(c, SESSION_COOKIE, token, cookieOptions(deps, Math.floor((expiresAt - now) / 1000)));
}

export function setSignInStateCookie(c: Context, deps: EndUserDeps, state: string): void {
  setCookie(c, SIGN_IN_STATE_COOKIE, state, cookieOptions(deps, STATE_TTL_MS / 1_000));
}

export const clearCookie = (c: Context, deps: EndUserDeps, name: string): void => {
  deleteCookie(c, name, { path: '/', secure: deps.cookieSecure, httpOnly: true, sameSite: 'Lax' });
};

/** Puts the signed-in user (or undefined) in `c.var.user`. */
export const loadUser =
  (deps: EndUserDeps): MiddlewareHandler<EndUserEnv> =>
  async (c, next) => {
    c.set('user', await deps.sessions.userOf(getCookie(c, SESSION_COOKIE)));
    await next();
  };

/** The signed-in user, or ERR_USER_SIGN_IN_REQUIRED. */
export function requireUser(c: Context<EndUserEnv>): string {
  const user = c.get('user');
  if (user === undefined)
    throw new EndUserError('ERR_USER_SIGN_IN_REQUIRED', 'you are not signed in, or your session has ended');
  return user;
}

/**
 * CSRF protection for form posts besides SameSite=Lax: the Origin (or, without one, the Referer) must be the
 * public URL's origin.
 */
export const sameOrigin =
  (deps: EndUserDeps): MiddlewareHandler<EndUserEnv> =>
  async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const expected = new URL(deps.publicUrl()).origin;
    const origin = c.req.header('origin');
    const referer = c.req.header('referer');
    const sent =
      origin ?? (referer !== undefined && URL.canParse(referer) ? new URL(referer).origin : undefined);
    if (sent !== expected)
      throw new EndUserError('ERR_USER_ORIGIN_REJECTED', 'the form was sent from another site than Ferry');
    await next();
  };
