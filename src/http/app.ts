// The HTTP application: health, /metrics, the authenticated /api/v1 API (OpenAPI, problem+json errors), the
// console and the end-user pages.
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { except } from 'hono/combine';
import { FerryError, ValidationError } from '../core/errors.js';
import { toIssues } from '../core/zod-issues.js';
import { consoleApp } from '../console/index.js';
import { apiRoutes } from './api/index.js';
import type { ApiDeps, ApiEnv } from './deps.js';
import { endUserApp } from './end-user/index.js';
import { metricsRoute } from './metrics.js';
import { registerJwks } from './well-known/jwks.js';
import { problemOf, problemResponse, toFerryError } from './problem.js';

export const API_BASE = '/api/v1';
export const OPENAPI_PATH = '/openapi.json';
export const BULK_PATH = '/messages/bulk';

export function createApp(deps: ApiDeps): OpenAPIHono {
  const root = new OpenAPIHono();
  const fail = (error: unknown, instance: string): Response =>
    problemResponse(problemOf(toFerryError(error, deps.logger), instance));

  root.get('/healthz', (c) => c.json({ status: 'ok' }));
  root.get('/readyz', async (c) =>
    (await deps.ready().catch(() => false))
      ? c.json({ status: 'ready' })
      : c.json({ status: 'not ready' }, 503),
  );

  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = toIssues(result.error, result.target === 'json' ? [] : [result.target]);
        throw new ValidationError(
          `the request is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        );
      }
      return undefined;
    },
  });
  api.use('*', async (c, next) => {
    c.set('tokenId', await deps.tokens.verify(c.req.header('authorization')));
    await next();
  });
  // Bulk uploads are streamed record by record, so the whole-body limit does not apply to them.
  const limit = bodyLimit({
    maxSize: deps.maxBodyBytes,
    onError: () => {
      throw new FerryError(
        'ERR_REQUEST_TOO_LARGE',
        `the request body is larger than ${deps.maxBodyBytes} bytes`,
      );
    },
  });
  api.use(
    '*',
    except((c) => c.req.path.endsWith(BULK_PATH), limit),
  );
  api.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An admin API token (`ferry tokens create`); the first start prints one.',
  });
  for (const register of apiRoutes) register(api, deps);
  registerJwks(root, api, deps);
  api.doc31(OPENAPI_PATH, {
    openapi: '3.1.0',
    info: {
      title: 'Ferry API',
      version: '1',
      description: 'Connectors, HTTP actions and Moveworks subscriptions.',
    },
    servers: [{ url: API_BASE }],
  });
  api.onError((error, c) => fail(error, c.req.path));
  api.notFound((c) =>
    fail(new FerryError('ERR_ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`), c.req.path),
  );

  metricsRoute(root, deps);
  root.route(API_BASE, api);
  root.route('/console', consoleApp(deps));
  root.route('/', endUserApp(deps.endUser));
  root.onError((error, c) => fail(error, c.req.path));
  root.notFound((c) =>
    fail(new FerryError('ERR_ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`), c.req.path),
  );
  return root;
}
