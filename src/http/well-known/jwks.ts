// GET /.well-known/jwks.json: the public keys of Ferry's client assertions, for servers' jwks_uri; no token needed.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { jwkSet } from '../contracts/signing-keys.js';
import type { ApiApp, ApiDeps } from '../deps.js';
import { json } from '../responses.js';

export const JWKS_PATH = '/.well-known/jwks.json';

/** Documented in the API's OpenAPI document (server `/`, no security), served by the root app. */
const route = createRoute({
  method: 'get',
  path: JWKS_PATH,
  summary: 'Ferry’s signing keys (JWKS)',
  description:
    'RFC 7517 JWK Set of the private_key_jwt connectors (RFC 7523 §2.2, OpenID Connect Core §9): register this ' +
    'URL as the client’s jwks_uri. Public keys only; kid is each key’s RFC 7638 thumbprint.',
  tags: ['connectors'],
  security: [],
  servers: [{ url: '/' }],
  responses: { 200: json(jwkSet, 'The published keys') },
});

export function registerJwks(root: OpenAPIHono, api: ApiApp, deps: ApiDeps): void {
  api.openAPIRegistry.registerPath(route);
  root.get(JWKS_PATH, async (c) => {
    c.header('cache-control', 'public, max-age=60');
    return c.json(await deps.connectorKeys.jwks());
  });
}
