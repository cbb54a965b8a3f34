// POST /api/v1/connectors/{name}/rotate-key: a new private_key_jwt signing key; the old one stays published a while.
import { operationRoute } from '../../admin-route.js';
import { nameParam } from '../../contracts/connectors.js';
import { keyRotationView } from '../../contracts/signing-keys.js';

export const rotateConnectorKey = operationRoute(
  ['post', '/connectors/{name}/rotate-key', 'Rotate a connector’s signing key'],
  { params: nameParam, refusals: [404, 409] },
  [keyRotationView, 'The new key, and the one it replaced'],
  (deps, { name }) => deps.connectorKeys.rotate(name),
  'Makes a new client assertion key (private_key_jwt, RFC 7523 §2.2) that signs from now on. The replaced key ' +
    'stays in /.well-known/jwks.json until assertions it signed have expired.',
);
