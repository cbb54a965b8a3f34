// The /api/v1/actions endpoints.
import type { RegisterRoute } from '../../deps.js';
import { createAction } from './create-action.js';
import { deleteAction } from './delete-action.js';
import { getAction } from './get-action.js';
import { importCurlRoute } from './import-curl.js';
import { getLaunch, launchAction } from './launch-action.js';
import { listActions } from './list-actions.js';
import { runAction } from './run-action.js';
import { updateAction } from './update-action.js';

export const actionRoutes: readonly RegisterRoute[] = [
  createAction,
  importCurlRoute,
  listActions,
  getAction,
  updateAction,
  deleteAction,
  runAction,
  getLaunch,
  launchAction,
];
