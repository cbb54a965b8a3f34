// Admin API routes: one OpenAPI entry per endpoint (tag from the path, admin token required), and the shapes
// the resource endpoints share, so each route file holds only what is its own.
import { createRoute, type RouteConfig, z } from '@hono/zod-openapi';
import { adminSecurity, type ApiApp, type ApiDeps, type RegisterRoute } from './deps.js';
import { json, jsonBody, problems } from './responses.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Spec = Omit<RouteConfig, 'method' | 'path' | 'summary' | 'security'>;
/** A response body: its schema and what it is. */
type Body = readonly [z.ZodType, string];

/**
 * The OpenAPI route of an admin endpoint; its tag is the path's first segment (`/actions/{name}` → actions)
 * unless the spec names its own.
 */
export const adminRoute = <M extends Method, P extends string, S extends Spec>(
  method: M,
  path: P,
  summary: string,
  spec: S,
) =>
  createRoute({ method, path, summary, tags: [path.split('/')[1] ?? ''], security: adminSecurity, ...spec });

// The resource shapes below are typed at their call sites; inside, the route's generic types add nothing.
interface Ctx {
  req: { valid(target: 'param' | 'json'): unknown };
  json(v: unknown, s: number): Response;
}
const resource =
  (
    method: Method,
    path: string,
    summary: string,
    spec: Pick<RouteConfig, 'description' | 'request' | 'responses'>,
    run: (deps: ApiDeps, c: Ctx) => Promise<Response>,
  ): RegisterRoute =>
  (app: ApiApp, deps) =>
    app.openapi(adminRoute(method, path, summary, spec) as never, ((c: Ctx) => run(deps, c)) as never);

/** GET of a collection: `{ items }` in the order `list` gives. */
export const listRoute = (
  path: string,
  summary: string,
  [item, text]: Body,
  list: (deps: ApiDeps) => Promise<unknown[]>,
): RegisterRoute =>
  resource(
    'get',
    path,
    summary,
    { responses: { 200: json(z.object({ items: z.array(item) }), text), ...problems() } },
    async (deps, c) => c.json({ items: await list(deps) }, 200),
  );

/** A route that reads one input (path parameters or a JSON body) and answers with a view. */
const viewRoute =
  (method: Method, status: 200 | 201, from: 'param' | 'json', refusals: Parameters<typeof problems>) =>
  <S extends z.ZodType>(
    path: string,
    summary: string,
    input: S,
    [view, text]: Body,
    run: (deps: ApiDeps, input: z.output<S>) => Promise<unknown>,
  ): RegisterRoute =>
    resource(
      method,
      path,
      summary,
      {
        request: from === 'param' ? { params: input as never } : { body: jsonBody(input) },
        responses: { [status]: json(view, text), ...problems(...refusals) },
      },
      async (deps, c) => c.json(await run(deps, c.req.valid(from) as z.output<S>), status),
    );

/** What an operation on one resource reads (its path parameters, and a JSON body when it takes one) and may refuse. */
interface Operation<P extends z.ZodObject, B extends z.ZodType> {
  readonly params: P;
  readonly body?: B;
  readonly refusals: Parameters<typeof problems>;
}

/** An operation on one resource, named by its path parameters: 200 with its report; its description comes last. */
export const operationRoute = <P extends z.ZodObject, B extends z.ZodType = z.ZodUndefined>(
  [method, path, summary]: readonly [Method, string, string],
  { params, body, refusals }: Operation<P, B>,
  [view, text]: Body,
  run: (deps: ApiDeps, p: z.output<P>, body: z.output<B>) => Promise<unknown>,
  description: string,
): RegisterRoute =>
  resource(
    method,
    path,
    summary,
    {
      description,
      request: body === undefined ? { params } : { params, body: jsonBody(body) },
      responses: { 200: json(view, text), ...problems(...refusals) },
    },
    async (deps, c) => {
      const input = body === undefined ? undefined : c.req.valid('json');
      return c.json(await run(deps, c.req.valid('param') as z.output<P>, input as z.output<B>), 200);
    },
  );

/** GET of one resource by its path parameters; the service answers 404 by throwing. */
export const getRoute = viewRoute('get', 200, 'param', [404]);

/** POST of a new resource: 201 with its view; 409 when the name is taken. */
export const createResourceRoute = viewRoute('post', 201, 'json', [400, 409]);

/** DELETE of one resource: 204 once it is gone. */
export const deleteRoute = <P extends z.ZodObject>(
  path: string,
  summary: string,
  params: P,
  remove: (deps: ApiDeps, p: z.output<P>) => Promise<unknown>,
  [done, ...refusals]: [string, ...Parameters<typeof problems>] = ['Deleted'],
): RegisterRoute =>
  resource(
    'delete',
    path,
    summary,
    { request: { params }, responses: { 204: { description: done }, ...problems(404, ...refusals) } },
    async (deps, c) => {
      await remove(deps, c.req.valid('param') as z.output<P>);
      return new Response(null, { status: 204 });
    },
  );

/** PATCH of one resource: the fields given change, 200 with the new view. */
export const updateRoute = <P extends z.ZodObject, I extends z.ZodType>(
  path: string,
  summary: string,
  [params, patch]: readonly [P, I],
  [view, text]: Body,
  update: (deps: ApiDeps, p: z.output<P>, body: z.output<I>) => Promise<unknown>,
): RegisterRoute =>
  resource(
    'patch',
    path,
    summary,
    {
      request: { params, body: jsonBody(patch) },
      responses: { 200: json(view, text), ...problems(400, 404) },
    },
    async (deps, c) =>
      c.json(
        await update(deps, c.req.valid('param') as z.output<P>, c.req.valid('json') as z.output<I>),
        200,
      ),
  );
