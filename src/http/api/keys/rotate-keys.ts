// POST /api/v1/keys/rotate: new master key (key file) or re-seal under FERRY_MASTER_KEY, without downtime.
import { adminRoute } from '../../admin-route.js';
import { keyRotationResult } from '../../contracts/keys.js';
import { type RegisterRoute } from '../../deps.js';
import { json, problems } from '../../responses.js';

const route = adminRoute('post', '/keys/rotate', 'Rotate the master key', {
  description:
    'With a key file: adds a new primary key, re-seals every secret under it and keeps the old key only to unseal. ' +
    'With FERRY_MASTER_KEY: re-seals every secret under it (set the old key in FERRY_MASTER_KEY_PREVIOUS first).',
  responses: { 200: json(keyRotationResult, 'Rotation done'), ...problems(409) },
});

export const rotateKeys: RegisterRoute = (app, deps) =>
  app.openapi(route, async (c) => c.json(await deps.rotateKeys(), 200));
