// The console's page frame: navigation, the CSRF token for htmx and forms, and our own assets only.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CONSOLE_BASE, type ConsoleEnv } from './deps.js';

export const NAV: readonly (readonly [path: string, label: string])[] = [
  ['/monitoring', 'Integration Monitoring'],
  ['/subscriptions', 'Subscriptions'],
  ['/activity', 'Activity log'],
  ['/errors', 'Error log'],
  ['/manual-sync', 'Manual Sync'],
  ['/bulk', 'Bulk upload'],
  ['/connectors', 'Connectors'],
  ['/actions', 'Actions'],
  ['/mappings', 'Mappings'],
];

/** htmx without eval and without the inline style it would add (our CSP allows neither). */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
});

const asset = (name: string) => `${CONSOLE_BASE}/assets/${name}`;

export function Frame(props: {
  title: string;
  csrf?: string | undefined;
  /** Assets this page needs besides htmx and the stylesheet (.js or .css). */
  scripts?: readonly string[];
  children?: Child;
}) {
  const signedIn = props.csrf !== undefined;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content={HTMX_CONFIG} />
        <title>{`${props.title} · Ferry console`}</title>
        <link rel="stylesheet" href={asset('console.css')} />
        <script src={asset('htmx.min.js')} defer></script>
        {(props.scripts ?? []).map((s) =>
          s.endsWith('.css') ? (
            <link rel="stylesheet" href={asset(s)} />
          ) : (
            <script src={asset(s)} defer></script>
          ),
        )}
      </head>
      <body hx-headers={signedIn ? JSON.stringify({ 'x-csrf-token': props.csrf }) : undefined}>
        <header>
          <strong class="brand">Ferry</strong>
          {signedIn && (
            <nav>
              {NAV.map(([path, label]) => (
                <a href={`${CONSOLE_BASE}${path}`}>{label}</a>
              ))}
            </nav>
          )}
          {signedIn && (
            <form method="post" action={`${CONSOLE_BASE}/sign-out`} class="sign-out">
              <input type="hidden" name="_csrf" value={props.csrf} />
              <button type="submit">Sign out</button>
            </form>
          )}
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A whole console page for the signed-in session. */
export function page(
  c: Context<ConsoleEnv>,
  title: string,
  body: Child,
  scripts: readonly string[] = [],
): Response | Promise<Response> {
  return c.html(
    <Frame title={title} csrf={c.get('session').csrf} scripts={scripts}>
      {body}
    </Frame>,
  );
}

/** The hidden CSRF field of a plain (non-htmx) form. */
export const CsrfField = (props: { c: Context<ConsoleEnv> }) => (
  <input type="hidden" name="_csrf" value={props.c.get('session').csrf} />
);

/** The outcome of an action, swapped in where the form says (role=status, read by screen readers). */
export function Notice(props: { ok: boolean; children?: Child }) {
  return (
    <div class={props.ok ? 'notice ok' : 'notice error'} role="status">
      {props.children}
    </div>
  );
}
