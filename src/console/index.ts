// The web console at /console: server-rendered pages (hono/jsx) enhanced by htmx, over the engine's services.
import { Hono } from 'hono';
import { problemOf, problemResponse, toFerryError } from '../http/problem.js';
import type { ApiDeps } from '../http/deps.js';
import { assetRoutes } from './assets.js';
import { ConsoleSessions } from './console-sessions.js';
import type { ConsoleDeps, ConsoleEnv } from './deps.js';
import { guard } from './guard.js';
import { consolePages } from './pages/index.js';

/**
 * Only our own origin, no inline script or style, never framed. htmx (with eval off) and uPlot run from files
 * served here, so the console works without any network but Ferry's.
 */
const HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

export function consoleApp(api: ApiDeps): Hono<ConsoleEnv> {
  // The clock is read when a session is made: a test app built without end-user deps still has routes.
  const sessions = new ConsoleSessions({ now: () => api.endUser.clock.now() });
  const deps: ConsoleDeps = { ...api, sessions };
  const app = new Hono<ConsoleEnv>();
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(HEADERS)) c.res.headers.set(name, value);
    if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
  });
  app.use('*', guard(deps));
  assetRoutes(app);
  for (const register of consolePages) register(app, deps);
  app.onError((error, c) => problemResponse(problemOf(toFerryError(error, deps.logger), c.req.path)));
  return app;
}
