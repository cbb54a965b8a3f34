// The Activity log: every attempt, with filters and replay.
import type { RegisterPage } from '../deps.js';
import { logPage } from './log-table.js';

export const activityLog: RegisterPage = (app, deps) => {
  app.get('/activity', (c) => logPage(c, deps, false));
};
