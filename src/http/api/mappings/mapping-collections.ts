// /api/v1/subscriptions/{id}/mapping-collections: create (or import), list, show, change and delete collections.
import { z } from '@hono/zod-openapi';
import { mappingCollectionInput, mappingCollectionPatch } from '../../../core/mappings/mapping.js';
import { mappingCollectionView } from '../../contracts/mappings.js';
import { subscriptionParam } from '../../contracts/subscriptions.js';
import type { RegisterRoute } from '../../deps.js';
import { COLLECTIONS, collectionRoute, mappingRoute } from './collection-route.js';
import { json, jsonBody, problems } from '../../responses.js';

const createCollection: RegisterRoute = (app, deps) =>
  app.openapi(
    mappingRoute({
      method: 'post',
      path: COLLECTIONS,
      summary: 'Create or import a mapping collection',
      description:
        'The body of an export is a valid create body. Formulas must parse (400 with line and column).',
      request: { params: subscriptionParam, body: jsonBody(mappingCollectionInput) },
      responses: { 201: json(mappingCollectionView, 'Created'), ...problems(400, 404, 409) },
    }),
    async (c) => c.json(await deps.mappings.create(c.req.valid('param').id, c.req.valid('json')), 201),
  );

const listCollections: RegisterRoute = (app, deps) =>
  app.openapi(
    mappingRoute({
      method: 'get',
      path: COLLECTIONS,
      summary: 'List mapping collections',
      description: 'In the order they apply: the first Enabled one maps each Message.',
      request: { params: subscriptionParam },
      responses: {
        200: json(z.object({ items: z.array(mappingCollectionView) }), 'By sort order'),
        ...problems(404),
      },
    }),
    async (c) => c.json({ items: await deps.mappings.list(c.req.valid('param').id) }, 200),
  );

const getCollection = collectionRoute(
  ['get', '', 'Show a mapping collection', 200],
  { responses: { 200: json(mappingCollectionView, 'The collection'), ...problems(404) } },
  (deps, p) => deps.mappings.get(p.id, p.collection),
);

const updateCollection = collectionRoute(
  ['patch', '', 'Change a mapping collection', 200],
  {
    description: 'Fields not sent keep their values; `rows` and `lookups` are replaced whole.',
    body: mappingCollectionPatch,
    responses: { 200: json(mappingCollectionView, 'The updated collection'), ...problems(400, 404, 409) },
  },
  (deps, p, patch) => deps.mappings.update(p.id, p.collection, patch),
);

const deleteCollection = collectionRoute(
  ['delete', '', 'Delete a mapping collection', 204],
  { responses: { 204: { description: 'Deleted' }, ...problems(404) } },
  (deps, p) => deps.mappings.delete(p.id, p.collection),
);

export const collectionRoutes = [
  createCollection,
  listCollections,
  getCollection,
  updateCollection,
  deleteCollection,
];
