// Clone and export a mapping collection, and evaluate a formula or a collection against a sample Message.
import { z } from '@hono/zod-openapi';
import { mappingCollectionInput } from '../../../core/mappings/mapping.js';
import { evaluateInput, evaluateResult, mappingCollectionView } from '../../contracts/mappings.js';
import type { RegisterRoute } from '../../deps.js';
import { collectionRoute, mappingRoute } from './collection-route.js';
import { json, jsonBody, problems } from '../../responses.js';

const cloneCollection = collectionRoute(
  ['post', '/clone', 'Clone a mapping collection', 201],
  {
    description: 'The copy starts Inactive, so it never maps a Message before you enable it.',
    body: z.object({ name: z.string().min(1).max(200).optional() }),
    responses: { 201: json(mappingCollectionView, 'The copy'), ...problems(404, 409) },
  },
  (deps, p, { name }) => deps.mappings.clone(p.id, p.collection, name),
);

const exportCollection = collectionRoute(
  ['get', '/export', 'Export a mapping collection', 200],
  {
    description: 'JSON without ids or times, for version control; POST it to mapping-collections to import.',
    responses: { 200: json(mappingCollectionInput, 'The collection as JSON'), ...problems(404) },
  },
  (deps, p) => deps.mappings.export(p.id, p.collection),
);

const evaluate: RegisterRoute = (app, deps) =>
  app.openapi(
    mappingRoute({
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
