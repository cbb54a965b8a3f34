// The Error log: attempts that failed or may not have arrived, with the Moveworks error text, and replay.
import type { RegisterPage } from '../deps.js';
import { logPage } from './log-table.js';

export const errorLog: RegisterPage = (app, deps) => {
  app.get('/errors', (c) => logPage(c, deps, true));
};
