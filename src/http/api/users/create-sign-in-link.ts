// POST /api/v1/users/sign-in-links: a one-time sign-in link for an end user (when no OpenID Connect provider is set).
import { adminRoute } from '../../admin-route.js';
import { signInLinkBody, signInLinkView } from '../../contracts/users.js';
import { type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const route = adminRoute('post', '/users/sign-in-links', 'Create a one-time sign-in link for an end user', {
  description:
    'The link opens a session on the end-user pages (`/connections`). It works once and for 15 minutes; only ' +
    'its SHA-256 is stored. Refused with ERR_USER_SIGN_IN_LINKS_DISABLED when FERRY_OIDC_ISSUER is set.',
  request: { body: jsonBody(signInLinkBody) },
  responses: { 201: json(signInLinkView, 'Created; the link is shown once'), ...problems(400, 409) },
});

export const createSignInLink: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => {
    const { email } = c.req.valid('json');
    const { token, expiresAt } = await deps.endUser.sessions.createLink(email);
    const url = `${deps.endUser.publicUrl()}/auth/link?token=${encodeURIComponent(token)}`;
    return c.json({ email: email.toLowerCase(), url, expiresAt: new Date(expiresAt).toISOString() }, 201);
  });
