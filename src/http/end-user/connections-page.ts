// GET /connections and its forms: the per-user connectors with Connect, Reconnect and Revoke.
import type { Hono } from 'hono';
import { OAuthError } from '../../core/errors.js';
import type { Connection, Revocation } from '../../engine/consent/connections.js';
import type { EndUserDeps, EndUserEnv } from './deps.js';
import { errorPage } from './error-page.js';
import { PAGE_HEADERS, html, page, type Html } from './html.js';
import { requireUser } from './session.js';

const STATUS_TEXT: Record<Connection['status'], string> = {
  connected: 'Connected',
  needs_reconnect: 'Needs your consent again',
  not_connected: 'Not connected',
};

const button = (connector: string, action: 'connect' | 'revoke', label: string): Html =>
  html`<form method="post" action="/connections/${encodeURIComponent(connector)}/${action}">
    <button type="submit">${label}</button>
  </form>`;

function row(c: Connection): Html {
  const actions =
    c.status === 'not_connected'
      ? [button(c.connector, 'connect', 'Connect')]
      : [button(c.connector, 'connect', 'Reconnect'), button(c.connector, 'revoke', 'Revoke')];
  return html`<li data-connector="${c.connector}">
    <h2>${c.displayName}</h2>
    <p>${c.description}</p>
    <p class="status">${STATUS_TEXT[c.status]}</p>
    ${actions}
  </li>`;
}

/** After a redirect: names the connector from the list, never echoes the query text itself. */
function notice(list: readonly Connection[], query: Record<string, string>): Html {
  const named = (name: string | undefined) => list.find((c) => c.connector === name)?.displayName;
  const connected = named(query.connected);
  if (connected !== undefined) return html`<p role="status">Connected ${connected}.</p>`;
  const revoked = named(query.revoked);
  if (revoked !== undefined)
    return html`<p role="status">Revoked ${revoked}; Ferry no longer holds your tokens.</p>`;
  return html``;
}

function revokeFailed(r: Revocation, user: string): Response {
  const where = r.instructionsUrl
    ? html`<p>Revoke Ferry's access yourself: <a href="${r.instructionsUrl}">${r.instructionsUrl}</a></p>`
    : html`<p>Revoke Ferry's access in your account settings at the provider.</p>`;
  const error = new OAuthError(
    'ERR_OAUTH_REVOKE_FAILED',
    `Ferry deleted your tokens for ${r.connector}, but the provider did not confirm the revocation.`,
  );
  return errorPage(error, user, where);
}

export function connectionsRoutes(app: Hono<EndUserEnv>, deps: EndUserDeps): void {
  app.get('/connections', async (c) => {
    if (c.get('user') === undefined) return c.redirect('/auth/signin', 303);
    const user = requireUser(c);
    const list = await deps.connections.list(user);
    const body =
      list.length === 0
        ? html`<p>No connector needs your consent.</p>`
        : html`<ul>
            ${list.map(row)}
          </ul>`;
    return c.html(
      page('Your connections', html`${notice(list, c.req.query())}${body}`, user),
      200,
      PAGE_HEADERS,
    );
  });

  app.post('/connections/:name/connect', async (c) => {
    const url = await deps.connections.connect(requireUser(c), c.req.param('name'));
    return c.redirect(url.href, 303);
  });

  app.post('/connections/:name/revoke', async (c) => {
    const user = requireUser(c);
    const result = await deps.connections.revoke(user, c.req.param('name'));
    if (!result.revoked) return revokeFailed(result, user);
    return c.redirect(`/connections?revoked=${encodeURIComponent(result.connector)}`, 303);
  });

  app.get('/auth/oauthCallback', async (c) => {
    const user = requireUser(c);
    const q = c.req.query();
    // A refused callback (denied, forged, expired, replayed) throws: onError renders its page.
    const connector = await deps.connections.callback(user, { state: q.state, code: q.code, error: q.error });
    return c.redirect(`/connections?connected=${encodeURIComponent(connector)}`, 303);
  });
}
