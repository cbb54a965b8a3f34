// /api/v1/subscriptions/{id}/mapping-collections: create (or import), list, show, change and delete collections.
import { createRoute, z } from '@hono/zod-openapi';
import { mappingCollectionInput, mappingCollectionPatch } from '../../../core/mappings/mapping.js';
import { collectionParams, mappingCollectionView } from '../../contracts/mappings.js';
import { subscriptionParam } from '../../contracts/subscriptions.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const base = '/subscriptions/{id}/mapping-collections';
const one = `${base}/{collection}`;
const common = { tags: ['mappings'], security: adminSecurity };

const createCollection: RegisterRoute = (app, deps) =>
  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: base,
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
    createRoute({
      ...common,
      method: 'get',
      path: base,
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

const getCollection: RegisterRoute = (app, deps) =>
  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: one,
      summary: 'Show a mapping collection',
      request: { params: collectionParams },
      responses: { 200: json(mappingCollectionView, 'The collection'), ...problems(404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await deps.mappings.get(p.id, p.collection), 200);
    },
  );

const updateCollection: RegisterRoute = (app, deps) =>
  app.openapi(
    createRoute({
      ...common,
      method: 'patch',
      path: one,
      summary: 'Change a mapping collection',
      description: 'Fields not sent keep their values; `rows` and `lookups` are replaced whole.',
      request: { params: collectionParams, body: jsonBody(mappingCollectionPatch) },
      responses: { 200: json(mappingCollectionView, 'The updated collection'), ...problems(400, 404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await deps.mappings.update(p.id, p.collection, c.req.valid('json')), 200);
    },
  );

const deleteCollection: RegisterRoute = (app, deps) =>
  app.openapi(
    createRoute({
      ...common,
      method: 'delete',
      path: one,
      summary: 'Delete a mapping collection',
      request: { params: collectionParams },
      responses: { 204: { description: 'Deleted' }, ...problems(404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      await deps.mappings.delete(p.id, p.collection);
      return c.body(null, 204);
    },
  );

export const collectionRoutes = [
  createCollection,
  listCollections,
  getCollection,
  updateCollection,
  deleteCollection,
];
