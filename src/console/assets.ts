// The console's static files: htmx and uPlot from their npm packages, our stylesheet and scripts from assets/.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ConsoleApp } from './deps.js';

const require = createRequire(import.meta.url);
/** assets/console at the package root: the same from src/console (tsx) and from dist/console (the build). */
const own = (name: string) => fileURLToPath(new URL(`../../assets/console/${name}`, import.meta.url));

const FILES: Readonly<Record<string, readonly [path: () => string, type: string]>> = {
  'htmx.min.js': [() => require.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript'],
  'uPlot.iife.min.js': [() => require.resolve('uplot/dist/uPlot.iife.min.js'), 'text/javascript'],
  'uPlot.min.css': [() => require.resolve('uplot/dist/uPlot.min.css'), 'text/css'],
  'console.css': [() => own('console.css'), 'text/css'],
  'monitoring.js': [() => own('monitoring.js'), 'text/javascript'],
  'bulk.js': [() => own('bulk.js'), 'text/javascript'],
};

/** Read once, on first use, and kept: they change only with an upgrade, which restarts Ferry. */
const cache = new Map<string, string>();

export function assetRoutes(app: ConsoleApp): void {
  app.get('/assets/:name', (c) => {
    const name = c.req.param('name');
    const file = FILES[name];
    if (file === undefined) return c.notFound();
    let body = cache.get(name);
    if (body === undefined) cache.set(name, (body = readFileSync(file[0](), 'utf8')));
    return c.body(body, 200, {
      'content-type': `${file[1]}; charset=utf-8`,
      'cache-control': 'public, max-age=3600',
    });
  });
}
