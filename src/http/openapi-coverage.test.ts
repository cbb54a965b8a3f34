// Every route registered under /api/v1 appears in the OpenAPI document, with the same method.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/ports/logger.js';
import { API_BASE, OPENAPI_PATH, createApp } from './app.js';
import type { ApiDeps } from './deps.js';

// Only the route table and the document are read here; no handler runs, so the services are never called.
const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used by this test')) });
const deps = {
  connectors: unused,
  actions: unused,
  tokens: { verify: () => Promise.resolve('test') },
  testConnector: () => Promise.reject(new Error('unused')),
  connectorKeys: {
    jwks: () => Promise.reject(new Error('unused')),
    rotate: () => Promise.reject(new Error('unused')),
  },
  rotateKeys: () => Promise.reject(new Error('unused')),
  ready: () => Promise.resolve(true),
  logger: silentLogger,
  maxBodyBytes: 1024,
} as unknown as ApiDeps;

describe('OpenAPI document', () => {
  it('covers every /api/v1 route', async () => {
    const app = createApp(deps);
    const res = await app.request(`${API_BASE}${OPENAPI_PATH}`, { headers: { authorization: 'Bearer x' } });
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    const registered = app.routes
      .filter(
        (r) =>
          r.path.startsWith(`${API_BASE}/`) && r.method !== 'ALL' && r.path !== `${API_BASE}${OPENAPI_PATH}`,
      )
      .map((r) => `${r.method} ${r.path.slice(API_BASE.length).replace(/:(\w+)/g, '{$1}')}`);
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.filter((r) => !documented.has(r))).toEqual([]);
  });
});
