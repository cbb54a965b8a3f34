// Server-rendered HTML for the end-user pages: escaping, one layout, and the headers every page carries.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** A piece of HTML that is already escaped; only `html` and `page` make them. */
export interface Html {
  readonly html: string;
}

/** Tagged template that escapes every interpolated value unless it is Html already. */
export function html(strings: TemplateStringsArray, ...values: (string | number | Html | Html[])[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = Array.isArray(v)
      ? v.map((h) => h.html).join('')
      : typeof v === 'object'
        ? v.html
        : escapeHtml(String(v));
    out += part + (strings[i + 1] ?? '');
  });
  return { html: out };
}

/**
 * No script, no third-party resources, never framed; `same-origin` referrers keep the code in a callback URL
 * away from other sites while same-origin form posts still carry an Origin header.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

/** A whole page; `user` shows who is signed in and a sign-out button. */
export function page(title: string, body: Html, user?: string): string {
  const signedIn = user
    ? html`<p>Signed in as <strong>${user}</strong>.</p>
        <form method="post" action="/auth/signout"><button type="submit">Sign out</button></form>`
    : html``;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Ferry</title>
      </head>
      <body>
        <header>${signedIn}</header>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.html;
}
