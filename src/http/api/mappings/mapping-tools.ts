// Clone and export a mapping collection, and evaluate a formula or a collection against a sample Message.
import { createRoute, z } from '@hono/zod-openapi';
import { mappingCollectionInput } from '../../../core/mappings/mapping.js';
import {
  collectionParams,
  evaluateInput,
  evaluateResult,
  mappingCollectionView,
} from '../../contracts/mappings.js';
import { adminSecurity, type RegisterRoute } from '../../deps.js';
import { json, jsonBody, problems } from '../../responses.js';

const common = { tags: ['mappings'], security: adminSecurity };

const cloneCollection: RegisterRoute = (app, deps) =>
  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/subscriptions/{id}/mapping-collections/{collection}/clone',
      summary: 'Clone a mapping collection',
      description: 'The copy starts Inactive, so it never maps a Message before you enable it.',
      request: {
        params: collectionParams,
        body: jsonBody(z.object({ name: z.string().min(1).max(200).optional() })),
      },
      responses: { 201: json(mappingCollectionView, 'The copy'), ...problems(404, 409) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await deps.mappings.clone(p.id, p.collection, c.req.valid('json').name), 201);
    },
  );

const exportCollection: RegisterRoute = (app, deps) =>
  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/subscriptions/{id}/mapping-collections/{collection}/export',
      summary: 'Export a mapping collection',
      description:
        'JSON without ids or times, for version control; POST it to mapping-collections to import.',
      request: { params: collectionParams },
      responses: { 200: json(mappingCollectionInput, 'The collection as JSON'), ...problems(404) },
    }),
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await deps.mappings.export(p.id, p.collection), 200);
    },
  );

const evaluate: RegisterRoute = (app, deps) =>
  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/formulas/evaluate',
      summary: 'Evaluate a formula or a mapping collection',
      description:
        'Against a sample Message: `formula` gives its value; `collection` (or `subscription`) gives the Moveworks ' +
        'payload that would be sent, or why it would be skipped or fail. Nothing is stored or sent.',
      request: { body: jsonBody(evaluateInput) },
      responses: { 200: json(evaluateResult, 'The result'), ...problems(400, 404) },
    }),
    async (c) => c.json(await deps.mappings.evaluate(c.req.valid('json')), 200),
  );

export const mappingToolRoutes = [cloneCollection, exportCollection, evaluate];
