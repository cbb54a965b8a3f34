// GET /metrics: the Prometheus text exposition, behind an admin token unless FERRY_METRICS_PUBLIC is set.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from './deps.js';

export function metricsRoute(root: OpenAPIHono, deps: ApiDeps): void {
  root.get('/metrics', async (c) => {
    if (!deps.metricsPublic) await deps.tokens.verify(c.req.header('authorization'));
    const { contentType, body } = await deps.metrics.exposition();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  });
}
