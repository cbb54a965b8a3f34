// POST /api/v1/connectors/{name}/rotate-key: a new private_key_jwt signing key; the old one stays published a while.
import { adminRoute } from '../../admin-route.js';
import { nameParam } from '../../contracts/connectors.js';
import { keyRotationView } from '../../contracts/signing-keys.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = adminRoute('post', '/connectors/{name}/rotate-key', 'Rotate a connector’s signing key', {
  description:
    'Makes a new client assertion key (private_key_jwt, RFC 7523 §2.2) that signs from now on. The replaced key ' +
    'stays in /.well-known/jwks.json until assertions it signed have expired.',
  request: { params: nameParam },
  responses: {
    200: json(keyRotationView, 'The new key, and the one it replaced'),
    ...problems(404, 409),
  },
});

export const rotateConnectorKey: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.connectorKeys.rotate(c.req.valid('param').name), 200));
