// Every console request but sign-in and assets: a live session, and on every change its CSRF token.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { ConsoleError } from '../core/errors.js';
import { sameSecret } from './console-sessions.js';
import { CONSOLE_BASE, SESSION_COOKIE, type ConsoleDeps, type ConsoleEnv } from './deps.js';

const SAFE = new Set(['GET', 'HEAD']);
const OPEN = [`${CONSOLE_BASE}/sign-in`, `${CONSOLE_BASE}/assets/`];

/** The CSRF token a change carries: htmx sends the header, a plain form the hidden field. */
async function sentToken(c: Context): Promise<string | undefined> {
  const header = c.req.header('x-csrf-token');
  if (header !== undefined) return header;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
    return undefined;
  // parseBody caches the body (with these options, which the pages use too), so the handler reads it again.
  const field = (await c.req.parseBody({ all: true }))._csrf;
  return typeof field === 'string' ? field : undefined;
}

/**
 * Synchronizer-token CSRF protection (OWASP CSRF cheat sheet): the session cookie is SameSite=Strict as well,
 * but a token checked on every non-GET keeps older browsers and same-site subdomains out too.
 */
export const guard =
  (deps: ConsoleDeps): MiddlewareHandler<ConsoleEnv> =>
  async (c, next) => {
    if (OPEN.some((p) => c.req.path === p || (p.endsWith('/') && c.req.path.startsWith(p)))) return next();
    const id = getCookie(c, SESSION_COOKIE);
    const found = deps.sessions.find(id);
    // A revoked admin token ends every session it opened.
    const live =
      found !== undefined &&
      (await deps.tokens.list()).some((t) => t.id === found.tokenId && t.revokedAt === null);
    if (!live || found === undefined) {
      if (id !== undefined) deleteCookie(c, SESSION_COOKIE, { path: CONSOLE_BASE });
      if (SAFE.has(c.req.method) && c.req.header('hx-request') === undefined)
        return c.redirect(`${CONSOLE_BASE}/sign-in`, 303);
      throw new ConsoleError('ERR_CONSOLE_SIGN_IN_REQUIRED', 'sign in to the console first');
    }
    if (!SAFE.has(c.req.method) && !sameSecret(await sentToken(c), found.csrf))
      throw new ConsoleError(
        'ERR_CONSOLE_CSRF_REJECTED',
        'the change came without this session’s CSRF token; reload the page and try again',
      );
    c.set('session', found);
    await next();
  };
