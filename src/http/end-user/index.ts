// The end-user pages: sign-in, /connections and the OAuth callback, as server-rendered HTML without script.
import { Hono } from 'hono';
import { connectionsRoutes } from './connections-page.js';
import type { EndUserDeps, EndUserEnv } from './deps.js';
import { anyErrorPage } from './error-page.js';
import { loadUser, sameOrigin } from './session.js';
import { signInRoutes } from './sign-in.js';

export function endUserApp(deps: EndUserDeps): Hono<EndUserEnv> {
  const app = new Hono<EndUserEnv>();
  // Only these paths: the same app is mounted at the root beside /api/v1, whose clients send no Origin.
  for (const path of ['/connections', '/connections/*', '/auth/*']) {
    app.use(path, sameOrigin(deps));
    app.use(path, loadUser(deps));
  }
  signInRoutes(app, deps);
  connectionsRoutes(app, deps);
  app.onError((error, c) => anyErrorPage(error, deps.logger, c.get('user')));
  return app;
}
