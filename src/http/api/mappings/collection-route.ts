// The mapping routes' OpenAPI entry (tag mappings, admin token) and a route on one collection, which hands the
// service the subscription id, the collection id and the JSON body, if the route takes one.
import { createRoute, type RouteConfig, type z } from '@hono/zod-openapi';
import { collectionParams } from '../../contracts/mappings.js';
import { adminSecurity, type ApiApp, type ApiDeps, type RegisterRoute } from '../../deps.js';
import { jsonBody } from '../../responses.js';

/** The OpenAPI route of a mapping endpoint. */
export const mappingRoute = <R extends Omit<RouteConfig, 'tags' | 'security'>>(config: R) =>
  createRoute({ tags: ['mappings'], security: adminSecurity, ...config });

/** The path of a subscription's collections, and of one of them. */
export const COLLECTIONS = '/subscriptions/{id}/mapping-collections';
const COLLECTION = `${COLLECTIONS}/{collection}`;

type Ids = z.output<typeof collectionParams>;
// Inside, the route's generic types add nothing (as in admin-route.ts).
interface Ctx {
  req: { valid(target: 'param' | 'json'): unknown };
  json(v: unknown, s: number): Response;
  body(v: null, s: number): Response;
}

/** A route on one collection (`COLLECTION` and a suffix); 204 answers no body. */
export const collectionRoute =
  <B extends z.ZodType = z.ZodUndefined>(
    [method, suffix, summary, status]: readonly [RouteConfig['method'], string, string, 200 | 201 | 204],
    spec: { description?: string; body?: B; responses: RouteConfig['responses'] },
    run: (deps: ApiDeps, ids: Ids, body: z.output<B>) => Promise<unknown>,
  ): RegisterRoute =>
  (app: ApiApp, deps) => {
    const { description, body, responses } = spec;
    const route = mappingRoute({
      method,
      path: `${COLLECTION}${suffix}`,
      summary,
      ...(description === undefined ? {} : { description }),
      request:
        body === undefined
          ? { params: collectionParams }
          : { params: collectionParams, body: jsonBody(body) },
      responses,
    });
    const handler = async (c: Ctx) => {
      const input = body === undefined ? undefined : c.req.valid('json');
      const out = await run(deps, c.req.valid('param') as Ids, input as z.output<B>);
      return status === 204 ? c.body(null, 204) : c.json(out, status);
    };
    app.openapi(route as never, handler as never);
  };
