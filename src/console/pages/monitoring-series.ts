// The points of one subscription's Integration Monitoring chart, as columns uPlot draws directly.
import type { RegisterPage } from '../deps.js';

export const monitoringSeries: RegisterPage = (app, deps) => {
  app.get('/monitoring/series/:id', async (c) => {
    const sub = await deps.subscriptions.get(c.req.param('id'));
    const points = deps.monitoring.points(sub.id);
    const column = (key: Exclude<keyof (typeof points)[number], 'at'>) => points.map((p) => p[key]);
    return c.json({
      // uPlot's x axis is in seconds.
      at: points.map((p) => p.at / 1_000),
      delivered: column('delivered'),
      failed: column('failed'),
      unconfirmed: column('unconfirmed'),
      queued: column('queued'),
      throttled: column('throttled'),
      paused: column('paused'),
    });
  });
};
